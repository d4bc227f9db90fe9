import Foundation
import PulseAnalytics
import PulseHub

/// `pulse eval-sentiment`: scores a labelled TSV file and prints accuracy, macro and weighted
/// F1, per-class precision/recall/F1 and the confusion matrix as JSON (`SentimentEvaluation`,
/// the same as `POST /api/eval/sentiment`).
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

        Prints JSON: count, accuracy, macro_f1, weighted_f1, per_class {precision, recall, f1, support},
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
        let samples: [SentimentEvaluation.Sample]
        do { samples = try SentimentEvaluation.parse(content) } catch {
            throw UsageError("--data '\(path)' has \(error.description)")
        }
        guard !samples.isEmpty else { throw UsageError("--data '\(path)' has no labelled lines") }
        let analyzer = try ConfigDirectory.loadSentimentAnalyzer(explicit: options.value("--config-dir"))
        print(SentimentEvaluation.json(SentimentEvaluation.evaluate(samples, analyzer: analyzer)))
        return ExitCode.success
    }
}
