import Foundation
import Testing
@testable import PulseStore

@Suite struct WriteAheadLogTests {
    @Test func roundTripAcrossReopen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try WriteAheadLog(directory: directory.path)
        #expect(log.tailRepair == nil)
        for index in 0..<50 {
            let sequence = try await log.append(testPayload(index))
            #expect(sequence == UInt64(index + 1))
        }
        log.close()
        let (records, report) = try replayAll(directory.path)
        #expect(records.map(\.0) == Array(1...50))
        #expect(records.map(\.1) == (0..<50).map(testPayload))
        #expect(report.stop == nil)
        #expect(report.nextSequence == 51)

        let reopened = try WriteAheadLog(directory: directory.path)
        #expect(reopened.nextSequence == 51)
        #expect(try await reopened.append([1, 2, 3]) == 51)
        reopened.close()
        let (fromForty, _) = try replayAll(directory.path, from: 40)
        #expect(fromForty.map(\.0) == Array(40...51))
        #expect(fromForty.last?.1 == [1, 2, 3])
    }

    @Test func appendAfterCloseIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try WriteAheadLog(directory: directory.path)
        log.close()
        await #expect(throws: StorageError.closed) { try await log.append([1]) }
    }

    @Test(arguments: [FsyncMode.batch, .always, .never])
    func concurrentAppendsAllDurableAndUnique(mode: FsyncMode) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try WriteAheadLog(directory: directory.path, options: WALOptions(fsyncMode: mode))
        let count = 2000
        let sequences = try await withThrowingTaskGroup(of: (Int, UInt64).self) { group in
            for index in 0..<count {
                group.addTask { (index, try await log.append(testPayload(index))) }
            }
            var result: [Int: UInt64] = [:]
            for try await (index, sequence) in group { result[index] = sequence }
            return result
        }
        let statistics = log.statistics
        log.close()
        #expect(Set(sequences.values) == Set(1...UInt64(count)))
        #expect(statistics.recordsWritten == UInt64(count))
        switch mode {
        case .batch: #expect(statistics.fsyncs > 0 && statistics.fsyncs * 10 < UInt64(count), "fsyncs: \(statistics.fsyncs)")
        case .always: #expect(statistics.fsyncs == UInt64(count))
        case .never: #expect(statistics.fsyncs == 0)
        }
        let (records, report) = try replayAll(directory.path)
        #expect(report.stop == nil)
        let byIndex = Dictionary(uniqueKeysWithValues: sequences.map { ($0.value, $0.key) })
        #expect(records.count == count)
        for (sequence, payload) in records { #expect(payload == testPayload(byIndex[sequence]!)) }
    }

    /// A 20 ms lingering window: wide enough that the 500 appenders, however slowly a loaded
    /// machine starts their tasks, land in a few dozen fsyncs at most (2 ms flaked once).
    @Test func lingeringWriterBatchesAndStillAcknowledgesEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let options = WALOptions(batchDelayNanoseconds: 20_000_000, batchBytes: 4096)
        let log = try WriteAheadLog(directory: directory.path, options: options)
        #expect(try await log.append([1]) == 1)  // a lone record waits at most the delay
        try await withThrowingTaskGroup(of: UInt64.self) { group in
            for index in 0..<500 { group.addTask { try await log.append(testPayload(index)) } }
            try await group.waitForAll()
        }
        let statistics = log.statistics
        log.close()
        #expect(statistics.recordsWritten == 501)
        #expect(statistics.fsyncs < 60, "fsyncs: \(statistics.fsyncs)")
        #expect(try replayAll(directory.path).0.count == 501)
    }

    @Test func segmentsRollOverAtTheConfiguredSize() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let options = WALOptions(segmentSize: 1000)
        let log = try WriteAheadLog(directory: directory.path, options: options)
        for index in 0..<100 { _ = try await log.append(testPayload(index)) }
        log.close()
        let segments = try WALReader(directory: directory.path).segments()
        #expect(segments.count >= 4)
        #expect(segments.first?.firstSequence == 1)
        for segment in segments.dropLast() {
            let size = try directory.bytes((segment.path as NSString).lastPathComponent).count
            #expect(size <= 1000)
        }
        let (records, report) = try replayAll(directory.path)
        #expect(report.stop == nil)
        #expect(records.map(\.1) == (0..<100).map(testPayload))
        // Replaying from the middle starts in the right segment.
        let (tail, _) = try replayAll(directory.path, from: 77)
        #expect(tail.map(\.0) == Array(77...100))
    }

    @Test func removeSegmentsKeepsEverythingAfterTheCoveredSequence() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try WriteAheadLog(directory: directory.path, options: WALOptions(segmentSize: 600))
        for index in 0..<60 { _ = try await log.append(testPayload(index)) }
        let before = try WALReader(directory: directory.path).segments()
        let removed = try log.removeSegments(coveredThrough: 30)
        let after = try WALReader(directory: directory.path).segments()
        #expect(!removed.isEmpty)
        #expect(after.count == before.count - removed.count)
        #expect(after.first!.firstSequence <= 31)
        let (records, report) = try replayAll(directory.path, from: 31)
        #expect(report.stop == nil)
        #expect(records.map(\.0) == Array(31...60))
        // Replaying from before the oldest remaining segment reports the gap.
        let (_, gapReport) = try replayAll(directory.path, from: 1)
        #expect(gapReport.stop != nil)
        #expect(try log.removeSegments(coveredThrough: 1000).count == after.count - 1)
        #expect(try await log.append([9]) == 61)
        log.close()
    }

    @Test func nextSequenceAtLeastSkipsAhead() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try WriteAheadLog(directory: directory.path, nextSequenceAtLeast: 500)
        #expect(try await log.append([1]) == 500)
        log.close()
        let (records, report) = try replayAll(directory.path, from: 500)
        #expect(records.map(\.0) == [500])
        #expect(report.stop == nil)
    }
}

/// A stand-in for the store actor: applies records in its own order and enqueues them in the same
/// order, then waits for durability before "replying".
private actor OrderedApplier {
    let log: WriteAheadLog
    var applied: [[UInt8]] = []

    init(log: WriteAheadLog) { self.log = log }

    func ingest(_ payload: [UInt8]) async throws -> UInt64 {
        let sequence = try log.enqueue(payload)
        applied.append(payload)
        try await log.waitUntilDurable(sequence)
        return sequence
    }
}

@Suite struct WriteAheadLogEnqueueTests {
    @Test func enqueueOrderIsApplyOrderIsReplayOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try WriteAheadLog(directory: directory.path)
        let applier = OrderedApplier(log: log)
        let sequences = try await withThrowingTaskGroup(of: UInt64.self) { group in
            for index in 0..<1000 { group.addTask { try await applier.ingest(testPayload(index)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(sequences) == Set(1...1000))
        try await log.waitUntilDurable(1)  // long durable: returns at once
        let applied = await applier.applied
        log.close()
        let (records, report) = try replayAll(directory.path)
        #expect(report.stop == nil)
        #expect(records.map(\.1) == applied)
    }

    @Test func waitUntilDurableThrowsForRecordsOfAFailedBatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = FailingDiskWriter()
        // A retry pace far beyond the test, so every later call falls within it.
        let log = try WriteAheadLog(directory: directory.path,
                                    options: WALOptions(diskWriter: writer, retryIntervalNanoseconds: 60_000_000_000))
        let good = try log.enqueue([1])
        try await log.waitUntilDurable(good)
        writer.failSyncs.withLock { $0 = EIO }
        let bad = try log.enqueue([2])
        await #expect(throws: StorageError.system(operation: "fsync", path: log.directory + "/" + WALFormat.segmentName(firstSequence: 1), code: EIO)) {
            try await log.waitUntilDurable(bad)
        }
        await #expect(throws: StorageError.self) { try await log.waitUntilDurable(bad) }  // still failed later
        try await log.waitUntilDurable(good)
        #expect(throws: StorageError.self) { try log.enqueue([4]) }  // refused within the retry pace
        log.close()
    }
}
