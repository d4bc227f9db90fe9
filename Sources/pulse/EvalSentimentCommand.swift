import Foundation
import PulseAnalytics
import PulseHub

/// `pulse eval-sentiment`: scores a labelled TSV file and prints accuracy, macro F1,
/// per-class precision/recall/F1 and the confusion matrix as JSON.
enum EvalSentimentCommand: PulseCommand {
    static let name = "eval-sentiment"
    static let summary = "measure sentiment labels against a labelled TSV file"
    static let help = """
        usage: pulse eval-sentiment --data FILE [--config-dir DIR]

        FILE has one sample per line: text<TAB>label, where label is positive, neutral or
        negative (any case), or a number (a rating, labelled like compound: > 0.05 positive,
        < -0.05 negative, else neutral). The label is what follows the LAST tab, so texts may
        contain tabs. A first line whose label field is "label", "rating" or "sentiment" is a
        header and skipped; empty lines are skipped. A trailing CR is dropped.

        Prints JSON: count, accuracy, macro_f1, per_class {precision, recall, f1, support},
        confusion_matrix {labels, matrix} (rows: true label, columns: predicted). Classes are
        the labels that occur in the data or the predictions, as scikit-learn does; a ratio
        with a zero denominator is 0. Bad lines are listed (line number and why), exit code 2.

        options:
          --data FILE         the labelled TSV file
          --config-dir DIR    directory holding vader_lexicon.txt and emoji_utf8_lexicon.txt
                              (default: $PULSE_CONFIG_DIR, ./Config, or the source tree's Config)
          --help              show this help
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["--data", "--config-dir"])
        guard options.positionals.isEmpty else { throw UsageError("unexpected argument '\(options.positionals[0])'") }
        guard let path = options.value("--data") else { throw UsageError("missing --data FILE") }
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read --data '\(path)'") }
        guard let content = String(data: data, encoding: .utf8) else { throw UsageError("--data '\(path)' is not valid UTF-8") }
        let samples = try parse(content, path: path)
        guard !samples.isEmpty else { throw UsageError("--data '\(path)' has no labelled lines") }
        let analyzer = try ConfigDirectory.loadSentimentAnalyzer(explicit: options.value("--config-dir"))
        let predicted = samples.map { analyzer.scores($0.text).label.rawValue }
        let metrics = ClassificationMetrics(truth: samples.map(\.label.rawValue), predicted: predicted)
        print(json(metrics))
        return ExitCode.success
    }

    struct Sample {
        let text: String
        let label: SentimentLabel
    }

    /// The samples of the TSV `content`; throws a `UsageError` listing the first bad lines.
    static func parse(_ content: String, path: String) throws -> [Sample] {
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
        guard badLineCount == 0 else {
            let more = badLineCount > problems.count ? "\n(\(badLineCount - problems.count) more bad lines)" : ""
            throw UsageError("--data '\(path)' has \(badLineCount) bad line(s):\n" + problems.joined(separator: "\n") + more)
        }
        return samples
    }

    /// A class name, or a finite number labelled like a compound score.
    static func label(_ field: String) -> SentimentLabel? {
        if let named = SentimentLabel(rawValue: field.lowercased()) { return named }
        guard let rating = Double(field), rating.isFinite else { return nil }
        return SentimentLabel(compound: rating)
    }

    /// The metrics as an indented JSON object.
    static func json(_ metrics: ClassificationMetrics) -> String {
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
