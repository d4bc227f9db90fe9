import Foundation
import Testing
@testable import PulseStore

/// Kills a real process appending to the WAL with SIGKILL at random moments, 20 times, and checks
/// after each restart that every record the process saw acknowledged is in the log exactly once.
@Suite struct WALCrashTests {
    /// The `pulse` executable of this package's build (PULSE_BINARY overrides).
    static var pulseBinary: String? {
        if let path = ProcessInfo.processInfo.environment["PULSE_BINARY"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return [root + "/.build/debug/pulse", root + "/.build/release/pulse"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func acknowledgedRecordsSurviveSIGKILL() async throws {
        let binary = try #require(Self.pulseBinary, "build the pulse executable first (swift build)")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var acknowledged: [String: UInt64] = [:]
        var generator = SystemRandomNumberGenerator()
        var tornTails = 0
        for cycle in 0..<20 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["wal-crash-writer", "--dir", directory.path, "--concurrency", "16"]
            // Output goes to files, not pipes: reading pipes would block the test's few threads.
            let outputPath = directory.path + "/stdout-\(cycle)"
            let errorPath = directory.path + "/stderr-\(cycle)"
            _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
            _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
            try process.run()
            try await Task.sleep(nanoseconds: UInt64.random(in: 50_000_000...200_000_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            var text = try String(contentsOfFile: outputPath, encoding: .utf8)
            if try String(contentsOfFile: errorPath, encoding: .utf8).contains("cut torn WAL tail") { tornTails += 1 }
            // Only whole lines count: the process may die in the middle of printing one.
            if let lastNewline = text.lastIndex(of: "\n") { text = String(text[...lastNewline]) } else { text = "" }
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 2, let sequence = UInt64(parts[0]) else { continue }
                acknowledged[String(parts[1])] = sequence
            }

            // Every writer start repairs the tail itself; checking every 4th restart (the records
            // can only accumulate) keeps the debug-build test short.
            guard cycle % 4 == 3 else { continue }
            let log = try WriteAheadLog(directory: directory.path)  // cuts a torn tail, if any
            log.close()
            var found: [String: UInt64] = [:]
            var duplicates = 0
            let report = try WALReader(directory: directory.path).replay { sequence, payload in
                let id = String(decoding: payload.prefix { $0 != 0x20 }, as: UTF8.self)
                if found.updateValue(sequence, forKey: id) != nil { duplicates += 1 }
            }
            #expect(report.stop == nil, "cycle \(cycle): \(report.stop!)")
            #expect(duplicates == 0)
            let missing = acknowledged.filter { found[$0.key] != $0.value }
            #expect(missing.isEmpty, "cycle \(cycle): \(missing.count) acknowledged records missing, e.g. \(missing.first!)")
        }
        #expect(acknowledged.count > 1000, "the writer made too little progress to test anything")
        print("crash test: \(acknowledged.count) acknowledged records over 20 kills, \(tornTails) torn tails cut at restart")
    }
}
