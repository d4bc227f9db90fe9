import Foundation
import PulseAnalytics
import PulseStore

/// `pulse bench-wal`: a hidden developer command that measures the write-ahead log (acknowledged
/// appends per second with many concurrent appenders, replay records per second) and snapshot
/// write/load speed, on real files. Not listed by `pulse --help`; used by Benchmarks/durability.
enum BenchWALCommand: PulseCommand {
    static let name = "bench-wal"
    static let summary = "(developer) measure write-ahead log and snapshot speed"
    static let help = """
        usage: pulse bench-wal [OPTIONS]

        Measures the storage engine on real files and prints one `name value` line per figure.

          --dir DIR             scratch directory (default: a new one under the temp dir); emptied first
          --records N           records to append (default 200000)
          --concurrency N       concurrent appending tasks (default 1000)
          --payload-bytes N     bytes per record payload (default 200)
          --fsync MODE          never|batch|always (default batch)
          --batch-delay-us N    batch mode: how long the writer lingers for more records (default 0)
          --replay-records N    records in the log that is replayed (default 1000000)
          --snapshot-mib N      size of the snapshot written and loaded, MiB (default 64; 0 skips)
          --keep                keep the scratch directory
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: [
            "--dir", "--records", "--batch-delay-us", "--concurrency", "--payload-bytes", "--fsync", "--replay-records", "--snapshot-mib",
        ], flagOptions: ["--keep"])
        guard options.positionals.isEmpty else { throw UsageError("unexpected argument '\(options.positionals[0])'") }
        let records = try options.int("--records", in: 1...100_000_000) ?? 200_000
        let concurrency = try options.int("--concurrency", in: 1...100_000) ?? 1000
        let payloadBytes = try options.int("--payload-bytes", in: 0...1 << 20) ?? 200
        let replayRecords = try options.int("--replay-records", in: 0...100_000_000) ?? 1_000_000
        let snapshotMiB = try options.int("--snapshot-mib", in: 0...4096) ?? 64
        let batchDelay = try options.int("--batch-delay-us", in: 0...1_000_000) ?? 0
        let modeText = options.value("--fsync") ?? "batch"
        guard let mode = FsyncMode(rawValue: modeText) else {
            throw UsageError("option --fsync must be never, batch or always, got '\(modeText)'")
        }
        let directory = options.value("--dir") ?? NSTemporaryDirectory() + "pulse-bench-wal-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        defer { if !options.flag("--keep") { try? FileManager.default.removeItem(atPath: directory) } }

        let payload = (0..<payloadBytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let appendDirectory = directory + "/append"
        let log = try WriteAheadLog(directory: appendDirectory, options: WALOptions(fsyncMode: mode, batchDelayNanoseconds: batchDelay * 1000))
        let started = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<concurrency {
                let share = records / concurrency + (task < records % concurrency ? 1 : 0)
                group.addTask { for _ in 0..<share { _ = try await log.append(payload) } }
            }
            try await group.waitForAll()
        }
        let appendSeconds = Date().timeIntervalSince(started)
        let statistics = log.statistics
        await DedicatedThread.run("pulse-wal-close") { log.close() }  // waits for the writer thread
        print("append_records \(records)")
        print("append_seconds \(appendSeconds)")
        print("append_records_per_second \(Int(Double(records) / appendSeconds))")
        print("append_fsyncs \(statistics.fsyncs)")
        print("append_records_per_fsync \(statistics.fsyncs == 0 ? 0 : Int(statistics.recordsWritten / statistics.fsyncs))")

        if replayRecords > 0 { try await measureReplay(directory + "/replay", records: replayRecords, payload: payload) }
        if snapshotMiB > 0 { try measureSnapshot(directory + "/snapshots", mebibytes: snapshotMiB) }
        return ExitCode.success
    }

    /// Fills a log with `records` records (no fsync, few large appenders) and times a full replay.
    private static func measureReplay(_ directory: String, records: Int, payload: [UInt8]) async throws {
        let log = try WriteAheadLog(directory: directory, options: WALOptions(fsyncMode: .never))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<64 {
                let share = records / 64 + (task < records % 64 ? 1 : 0)
                group.addTask { for _ in 0..<share { _ = try await log.append(payload) } }
            }
            try await group.waitForAll()
        }
        await DedicatedThread.run("pulse-wal-close") { log.close() }  // waits for the writer thread
        var checksum: UInt64 = 0
        let started = Date()
        let report = try WALReader(directory: directory).replay { sequence, bytes in
            checksum &+= sequence &+ UInt64(bytes.count)
        }
        let seconds = Date().timeIntervalSince(started)
        guard report.records == UInt64(records), report.stop == nil else {
            throw StorageError.corrupt(path: directory, reason: "replay returned \(report.records) of \(records) records")
        }
        print("replay_records \(report.records)")
        print("replay_seconds \(seconds)")
        print("replay_records_per_second \(Int(Double(report.records) / seconds))")
        print("replay_mib_per_second \(Int(Double(report.payloadBytes) / seconds / 1_048_576))")
    }

    /// Times a durable snapshot write and a validated load of `mebibytes` of state.
    private static func measureSnapshot(_ directory: String, mebibytes: Int) throws {
        let store = try SnapshotStore(directory: directory)
        let payload = (0..<(mebibytes << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        var started = Date()
        try store.write(payload, coveringSequence: 1)
        print("snapshot_write_seconds \(Date().timeIntervalSince(started))")
        started = Date()
        let loaded = try store.loadNewestValid()
        print("snapshot_load_seconds \(Date().timeIntervalSince(started))")
        guard loaded.snapshot?.payload.count == payload.count else {
            throw StorageError.corrupt(path: directory, reason: "snapshot did not load back")
        }
        print("snapshot_bytes \(SnapshotStore.headerSize + payload.count)")
    }
}
