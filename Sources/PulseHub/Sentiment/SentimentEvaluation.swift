import Foundation
import PulseAnalytics

/// Sentiment evaluation against a labelled TSV file, shared by `pulse eval-sentiment` and
/// `POST /api/eval/sentiment`: parsing the samples, scoring them with VADER and writing the
/// metrics as JSON (the same bytes for both). Stateless; safe on any thread.
///
/// The TSV has one sample per line: text, TAB, label, where the label is positive, neutral or
/// negative (any case) or a number (a rating labelled like compound: > 0.05 positive, < −0.05
/// negative, else neutral). The label is what follows the last tab. A first line whose label
/// field is "label", "rating" or "sentiment" is a header; empty lines are skipped.
public enum SentimentEvaluation {
    /// One labelled text.
    public struct Sample: Sendable, Equatable {
        public let text: String
        public let label: SentimentLabel
    }

    /// Why a file could not be evaluated: its bad lines (the first ten, with the total).
    public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        /// "line N: why", at most ten.
        public let problems: [String]
        public let badLineCount: Int

        public var description: String {
            let more = badLineCount > problems.count ? "\n(\(badLineCount - problems.count) more bad lines)" : ""
            return "\(badLineCount) bad line(s):\n" + problems.joined(separator: "\n") + more
        }
    }

    /// The samples of `content`.
    /// - Throws: `Rejection` when any line has no tab or an unknown label.
    public static func parse(_ content: String) throws(Rejection) -> [Sample] {
        var samples: [Sample] = []
        var problems: [String] = []
        var badLineCount = 0
        // "\r\n" is one Character in Swift, so both line ends are separators here.
        var lines = content.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            if line.isEmpty { continue }
            guard let tab = line.lastIndex(of: "\t") else {
                badLineCount += 1
                if problems.count < 10 { problems.append("line \(index + 1): no TAB between text and label") }
                continue
            }
            let field = line[line.index(after: tab)...].trimmingCharacters(in: .whitespaces)
            if index == 0 && ["label", "rating", "sentiment"].contains(field.lowercased()) { continue }
            if let label = label(field) {
                samples.append(Sample(text: String(line[..<tab]), label: label))
            } else {
                badLineCount += 1
                if problems.count < 10 {
                    problems.append("line \(index + 1): label '\(field)' is neither positive/neutral/negative nor a number")
                }
            }
        }
        guard badLineCount == 0 else { throw Rejection(problems: problems, badLineCount: badLineCount) }
        return samples
    }

    /// A class name, or a finite number labelled like a compound score.
    public static func label(_ field: String) -> SentimentLabel? {
        if let named = SentimentLabel(rawValue: field.lowercased()) { return named }
        guard let rating = Double(field), rating.isFinite else { return nil }
        return SentimentLabel(compound: rating)
    }

    /// Scores every sample with `analyzer` and compares the labels.
    public static func evaluate(_ samples: [Sample], analyzer: SentimentAnalyzer) -> ClassificationMetrics {
        let predicted = samples.map { analyzer.scores($0.text).label.rawValue }
        return ClassificationMetrics(truth: samples.map(\.label.rawValue), predicted: predicted)
    }

    /// The metrics as an indented JSON object: count, accuracy, macro_f1, weighted_f1,
    /// per_class {precision, recall, f1, support}, confusion_matrix {labels, matrix} (rows: true
    /// label, columns: predicted).
    public static func json(_ metrics: ClassificationMetrics) -> String {
        func quoted(_ text: String) -> String { "\"\(text)\"" }
        var perClass: [String] = []
        for (label, scores) in zip(metrics.labels, metrics.perClass) {
            perClass.append(
                "    \(quoted(label)): {\"precision\": \(scores.precision), \"recall\": \(scores.recall), "
                    + "\"f1\": \(scores.f1), \"support\": \(scores.support)}")
        }
        let rows = metrics.confusionMatrix.map { "      [" + $0.map(String.init).joined(separator: ", ") + "]" }
        return """
            {
              "count": \(metrics.sampleCount),
              "accuracy": \(metrics.accuracy),
              "macro_f1": \(metrics.macroF1),
              "weighted_f1": \(metrics.weightedF1),
              "per_class": {
            \(perClass.joined(separator: ",\n"))
              },
              "confusion_matrix": {
                "labels": [\(metrics.labels.map(quoted).joined(separator: ", "))],
                "matrix": [
            \(rows.joined(separator: ",\n"))
                ]
              }
            }
            """
    }
}
