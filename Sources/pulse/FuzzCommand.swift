import Foundation
import PulseHub

/// `pulse fuzz` (hidden): runs the seeded-generator fuzz harness over the untrusted-input
/// parsers and reports accepted/rejected counts and any inconsistency; a crash is a failure.
enum FuzzCommand: PulseCommand {
    static let name = "fuzz"
    static let summary = "fuzz the post and subscribe parsers with mutated inputs"
    static let help = """
        usage: pulse fuzz [--runs N] [--seed S] [--target T]

        Mutates valid inputs (bit flips, insertions, deletions, truncation, splicing, deep nesting,
        huge numbers, invalid UTF-8) and feeds them to the JSON and NDJSON post decoder, the CSV
        parsers and the WebSocket subscribe message parser. Every accepted input is re-encoded and
        parsed again; a difference is reported and exits 1. A crash stops the process.

        options:
          --runs N      inputs to try (default 100000)
          --seed S      generator seed (default 1): the same seed tries the same inputs
          --target T    json | ndjson | csv | subscribe | all (default all)
          --help        this text
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["--runs", "--seed", "--target"], flagOptions: [])
        guard options.positionals.isEmpty else { throw UsageError("unexpected argument '\(options.positionals[0])'") }
        guard let runs = Int(options.value("--runs") ?? "100000"), runs > 0 else { throw UsageError("--runs must be a positive integer") }
        guard let seed = UInt64(options.value("--seed") ?? "1") else { throw UsageError("--seed must be a non-negative integer") }
        let targetName = options.value("--target") ?? "all"
        let targets: [ParserFuzzer.Target]
        if targetName == "all" {
            targets = ParserFuzzer.Target.allCases
        } else if let target = ParserFuzzer.Target(rawValue: targetName) {
            targets = [target]
        } else {
            throw UsageError("--target must be json, ndjson, csv, subscribe or all")
        }
        var fuzzer = ParserFuzzer(seed: seed, targets: targets)
        let started = Date()
        let report = fuzzer.run(runs)
        let seconds = Date().timeIntervalSince(started)
        print("fuzz: \(report.runs) inputs, seed \(seed), \(String(format: "%.1f", seconds)) s (\(Int(Double(report.runs) / max(seconds, 1e-9))) inputs/s)")
        for target in targets {
            print("  \(target.rawValue): \(report.accepted[target] ?? 0) accepted, \(report.rejected[target] ?? 0) rejected")
        }
        print("  crashes: 0; inconsistencies: \(report.inconsistencyCount)")
        for finding in report.inconsistencies.prefix(5) {
            print("  \(finding.target.rawValue): \(finding.why)\n    input: \(String(decoding: finding.input, as: UTF8.self).debugDescription)")
        }
        return report.inconsistencyCount == 0 ? ExitCode.success : ExitCode.failure
    }
}
