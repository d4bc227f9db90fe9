import Foundation
import PulseAnalytics
import PulseStore

/// `pulse wal-crash-writer`: a hidden developer command for crash tests of the write-ahead log.
/// It opens the log in `--dir` (cutting any torn tail), then appends records from many tasks until
/// killed, printing `<sequence> <id>` on stdout for each record only after it was acknowledged.
/// A test kills it with SIGKILL at random moments and checks every printed id survived.
enum WALCrashWriterCommand: PulseCommand {
    static let name = "wal-crash-writer"
    static let summary = "(developer) append to a WAL until killed, printing acknowledged records"
    static let help = """
        usage: pulse wal-crash-writer --dir DIR [OPTIONS]

        Appends records until killed (or --records are done); prints `<sequence> <id>` per
        acknowledged record, each line with one write(2).

          --dir DIR          the WAL directory (required)
          --concurrency N    appending tasks (default 64)
          --records N        stop after this many records (default: never)
          --fsync MODE       never|batch|always (default batch)
          --segment-size N   segment rollover size in bytes (default 65536, to exercise rollover)
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: [
            "--dir", "--concurrency", "--records", "--fsync", "--segment-size",
        ])
        guard let directory = options.value("--dir") else { throw UsageError("option --dir is required") }
        let concurrency = try options.int("--concurrency", in: 1...10_000) ?? 64
        let limit = try options.int("--records", in: 1...Int.max) ?? Int.max
        let segmentSize = try options.int("--segment-size", in: 64...(1 << 30)) ?? 65536
        let modeText = options.value("--fsync") ?? "batch"
        guard let mode = FsyncMode(rawValue: modeText) else {
            throw UsageError("option --fsync must be never, batch or always, got '\(modeText)'")
        }
        let log = try WriteAheadLog(directory: directory, options: WALOptions(fsyncMode: mode, segmentSize: segmentSize))
        if let repair = log.tailRepair { printError(repair.description) }
        let pid = getpid()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<concurrency {
                group.addTask {
                    var count = 0
                    while count < limit / concurrency + 1 {
                        let id = "\(pid)-\(task)-\(count)"
                        let payload = Array((id + " " + String(repeating: "x", count: count % 150)).utf8)
                        let sequence = try await log.append(payload)
                        let line = Array("\(sequence) \(id)\n".utf8)
                        _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
                        count += 1
                    }
                }
            }
            try await group.waitForAll()
        }
        await DedicatedThread.run("pulse-wal-close") { log.close() }  // waits for the writer thread
        return ExitCode.success
    }
}
