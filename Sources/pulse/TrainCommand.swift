import Foundation
import PulseAnalytics
import PulseHub

/// `pulse train`: trains an engagement model from a CSV/JSONL file, prints its JSON report and
/// optionally saves the model file. Runs on the main task; the forests use every core.
enum TrainCommand: PulseCommand {
    static let name = "train"
    static let summary = "train an engagement model (random forest) from CSV or JSONL"
    static let help = """
        usage: pulse train --data FILE --target COL --features A,B,... [options]

        Trains a random forest regressor, tunes it by grid search with k-fold cross-validation,
        scores it on held-out rows and prints a JSON report (test mse/mae/r2, cv, best_params,
        grid, feature_importances, n_train, n_test, train_seconds). Progress goes to stderr.

          --data FILE         training data, CSV with a header row or JSONL (by extension; '-' = stdin)
          --demo N            train on N posts of the built-in demo feed instead of --data
                              (fields: text, author, platform, created_at, followers, likes, shares,
                              comments; one post every 20 s, so hour_of_day and day_of_week vary)
          --format csv|jsonl  the data format when the extension does not say
          --target COL        the numeric column to predict
          --features A,B,...  input features: data columns (numeric, or categorical = one-hot) and
                              derived features text_length, hashtag_count, hour_of_day, day_of_week
                              (from 'text' / 'created_at'); sentiment_compound and cluster need the server
          --test-data FILE    score on this file instead of a split of --data
          --test-size F       share of --data held out for testing, 0 < F < 1 (default 0.2)
          --grid SPEC         e.g. 'n_estimators=50,100;max_depth=none,10;min_samples_split=2,5'
                              (also min_samples_leaf, max_features = N | fraction | sqrt | log2 | all);
                              default: one combination, scikit-learn's defaults (100 trees)
          --cv K              cross-validation folds, 0 = none (default 3)
          --seed N            random seed for split, folds and forest (default 42)
          --out FILE          write the model file (versioned JSON) here
          --timing            add "timing" to the printed report: forest predictions per second on
                              the test rows (single rows, and batches on all cores)

        Bad data (unknown column, non-numeric target, too few rows, bad grid) exits with code 2.
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        try await DedicatedThread.run("pulse-train") { try train(arguments) }
    }

    /// The command's work. Training blocks on every core, so it runs on a dedicated thread.
    private static func train(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(
            arguments,
            valueOptions: ["--data", "--demo", "--format", "--target", "--features", "--test-data", "--test-size", "--grid", "--cv", "--seed", "--out"],
            flagOptions: ["--timing"])
        guard options.positionals.isEmpty else { throw UsageError("unexpected argument '\(options.positionals[0])'") }
        let dataPath = options.value("--data")
        let demoCount = try options.int("--demo", in: 1...10_000_000)
        guard (dataPath == nil) != (demoCount == nil) else { throw UsageError("give either --data FILE or --demo N") }
        guard let target = options.value("--target") else { throw UsageError("--target COL is required") }
        guard let featureList = options.value("--features") else { throw UsageError("--features A,B,... is required") }
        let features = featureList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var format: DataFileReader.Format?
        if let text = options.value("--format") {
            guard let parsed = DataFileReader.Format(rawValue: text) else { throw UsageError("--format must be csv or jsonl") }
            format = parsed
        }
        if options.value("--test-data") != nil && options.value("--test-size") != nil {
            throw UsageError("give --test-data or --test-size, not both")
        }
        var request = EngagementTrainer.Request(target: target, features: features)
        request.testFraction = try options.double("--test-size") ?? 0.2
        request.folds = try options.int("--cv", in: 0...1000) ?? 3
        request.seed = UInt64(try options.int("--seed", in: 0...Int.max) ?? 42)

        do {
            if let spec = options.value("--grid") { request.grid = try ParameterGrid(parsing: spec) }
            try EngagementTrainer.check(request)
            let records = try dataPath.map { try readData($0, format: format) } ?? demoRecords(demoCount ?? 0, seed: request.seed)
            let testRecords = try options.value("--test-data").map { try readData($0, format: format) }
            printError("training on \(records.count) rows, \(request.grid.combinations.count) parameter combination(s), \(request.folds)-fold CV")
            let model = try EngagementTrainer.train(
                records: records, testRecords: testRecords, request: request, progress: reportProgress)
            if let out = options.value("--out") {
                let data = try model.jsonData()
                guard FileManager.default.createFile(atPath: out, contents: data) else {
                    printError("pulse train: cannot write \(out)")
                    return ExitCode.failure
                }
                printError("wrote \(out) (\(data.count) bytes)")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            if options.flag("--timing") {
                let test = try testRecords ?? EngagementTrainer.split(records: records, testRecords: nil, request: request).test
                let timing = PredictionTiming.measure(model.forest, model.preprocessor.encode(test))
                print(String(decoding: try encoder.encode(ReportWithTiming(report: model.report, timing: timing)), as: UTF8.self))
            } else {
                print(String(decoding: try encoder.encode(model.report), as: UTF8.self))
            }
            return ExitCode.success
        } catch let error as TrainingError {
            printError("pulse train: \(error)")
        } catch let error as ForestError {
            printError("pulse train: \(error)")
        }
        return ExitCode.usage
    }

    /// `count` posts of the demo feed (seeded by `seed`) as records, one every 20 seconds so
    /// that hours and days of the week vary.
    static func demoRecords(_ count: Int, seed: UInt64) -> [DataRecord] {
        printError("generating \(count) demo posts")
        var feed = DemoFeed(seed: seed, postsPerSecond: 0.05)
        return (0..<count).map { _ in DataRecord(post: feed.next().post) }
    }

    /// Reads a data file; a malformed file becomes a `TrainingError` naming the file and line.
    static func readData(_ path: String, format: DataFileReader.Format?) throws -> [DataRecord] {
        printError("reading \(path)")
        do {
            return try DataFileReader.read(path: path, format: format)
        } catch let error as DataFileError {
            throw TrainingError.invalidRequest(error.line > 0 ? "\(path): \(error)" : error.message)
        }
    }

    /// Progress on stderr: every cross-validation fit, every tenth of the final forest.
    private static let reportProgress: @Sendable (EngagementTrainer.Progress) -> Void = { progress in
        let step = max(1, progress.total / 10)
        if progress.stage == "cross-validation" || progress.done % step == 0 || progress.done == progress.total {
            printError("\(progress.stage): \(progress.done)/\(progress.total)")
        }
    }
}
