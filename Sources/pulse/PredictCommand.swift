import Foundation
import PulseAnalytics
import PulseHub

/// `pulse predict`: loads a model file and prints one JSON line per input record with the
/// prediction (and, with --explain, its explanation). Runs on the main task.
enum PredictCommand: PulseCommand {
    static let name = "predict"
    static let summary = "predict engagement with a trained model for CSV/JSONL records"
    static let help = """
        usage: pulse predict --model FILE --input FILE|- [--format csv|jsonl] [--explain]

          --model FILE        a model file written by 'pulse train --out'
          --input FILE        records to score, CSV with a header row or JSONL ('-' = stdin, JSONL by default)
          --format csv|jsonl  the input format when the extension does not say
          --explain           add bias and per-feature contributions to each line

        Prints {"line": N, "prediction": X} per record (JSON lines). Sentiment and cluster features
        are not available outside the server and count as missing.
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        try await DedicatedThread.run("pulse-predict") { try predict(arguments) }
    }

    /// The command's work. Batch prediction blocks on every core, so it runs on a dedicated thread.
    private static func predict(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(
            arguments, valueOptions: ["--model", "--input", "--format"], flagOptions: ["--explain"])
        guard options.positionals.isEmpty else { throw UsageError("unexpected argument '\(options.positionals[0])'") }
        guard let modelPath = options.value("--model") else { throw UsageError("--model FILE is required") }
        guard let inputPath = options.value("--input") else { throw UsageError("--input FILE is required") }
        var format: DataFileReader.Format? = inputPath == "-" ? .jsonl : nil
        if let text = options.value("--format") {
            guard let parsed = DataFileReader.Format(rawValue: text) else { throw UsageError("--format must be csv or jsonl") }
            format = parsed
        }
        do {
            guard let data = FileManager.default.contents(atPath: modelPath) else {
                throw TrainingError.invalidRequest("cannot read model file '\(modelPath)'")
            }
            let model = try EngagementModel(jsonData: data)
            let records = try TrainCommand.readData(inputPath, format: format)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let predictions = model.predict(records)
            var output = ""
            for (index, record) in records.enumerated() {
                let line = PredictionLine(
                    line: record.line ?? index + 1, prediction: predictions[index],
                    explanation: options.flag("--explain") ? model.explain(record) : nil)
                output += String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
            }
            FileHandle.standardOutput.write(Data(output.utf8))
            return ExitCode.success
        } catch let error as ModelFileError {
            printError("pulse predict: \(modelPath): \(error)")
        } catch let error as TrainingError {
            printError("pulse predict: \(error)")
        }
        return ExitCode.usage
    }

    private struct PredictionLine: Encodable {
        let line: Int
        let prediction: Double
        let explanation: EngagementExplanation?
    }
}
