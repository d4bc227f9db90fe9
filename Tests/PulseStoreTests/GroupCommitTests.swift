import Foundation
import Testing
import PulseAnalytics
@testable import PulseStore

/// Several records taken in one step: `WriteAheadLog.enqueue(batch:)` and `AnalyticsStore.stage`.
@Suite struct GroupCommitTests {
    /// Stages `records` and waits for their outcomes.
    static func stage(_ store: AnalyticsStore, _ records: [ScoredRecord]) async -> [Result<IngestReceipt, any Error>] {
        await withCheckedContinuation { continuation in
            Task { await store.stage(records.map { ($0, $0.encoded()) }) { continuation.resume(returning: $0) } }
        }
    }

    static func record(_ ids: [String], at time: Double) -> ScoredRecord {
        ScoredRecord(acceptedAt: time, posts: ids.map { ScoredPost(post: Post(id: $0, text: "post \($0) #tag"), hashtags: ["tag"]) })
    }

    @Test func aBatchGetsConsecutiveSequencesInOrderAndSharesOneFsync() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try WriteAheadLog(directory: directory.path)
        let first = try log.enqueue([0])
        try await log.waitUntilDurable(first)
        let before = log.statistics
        let results = log.enqueue(batch: (1...20).map(testPayload))
        let sequences = try results.map { try $0.get() }
        #expect(sequences == Array(2...21))
        try await log.waitUntilDurable(21)
        let after = log.statistics
        #expect(after.fsyncs - before.fsyncs == 1, "queued under one lock: the writer takes them together")
        #expect(after.recordsWritten - before.recordsWritten == 20)
        log.close()
        let (records, _) = try replayAll(directory.path)
        #expect(records.map(\.1) == [[0]] + (1...20).map(testPayload))
    }

    @Test func aBatchIntoAClosedLogIsRefusedRecordByRecord() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try WriteAheadLog(directory: directory.path)
        log.close()
        let results = log.enqueue(batch: [[1], [2]])
        #expect(results.count == 2)
        for result in results { #expect(throws: StorageError.closed) { try result.get() } }
    }

    @Test func stagedRecordsApplyInOrderAndEachGetsItsReceipt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try WriteAheadLog(directory: directory.path)
        let store = AnalyticsStore()
        await store.install(LiveState(), log: log, lastSequence: 0)
        let outcomes = await Self.stage(store, [Self.record(["a", "b"], at: 1), Self.record(["b", "c"], at: 2), Self.record(["a"], at: 3)])
        let receipts = try outcomes.map { try $0.get() }
        #expect(receipts == [IngestReceipt(accepted: 2, duplicates: 0, offset: 2), IngestReceipt(accepted: 1, duplicates: 1, offset: 3),
                             IngestReceipt(accepted: 0, duplicates: 1, offset: 3)])
        #expect(log.statistics.recordsWritten == 3)
        let state = await store.checkpoint()
        #expect(state.sequence == 3)
        #expect(state.state.totalPosts == 3)
        log.close()
    }

    @Test func stagedRecordsOfAFailedFsyncAreNotAcknowledged() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = FailingDiskWriter()
        let log = try WriteAheadLog(directory: directory.path,
                                    options: WALOptions(diskWriter: writer, retryIntervalNanoseconds: 60_000_000_000))
        let store = AnalyticsStore()
        await store.install(LiveState(), log: log, lastSequence: 0)
        let good = await Self.stage(store, [Self.record(["a"], at: 1)])
        #expect(try good.map { try $0.get().accepted } == [1])
        writer.failSyncs.withLock { $0 = EIO }
        let outcomes = await Self.stage(store, [Self.record(["b"], at: 2), Self.record(["c"], at: 3)])
        #expect(outcomes.count == 2)
        for outcome in outcomes { #expect(throws: StorageError.self) { try outcome.get() } }
        // Within the retry pace the log refuses new records: nothing is applied for them.
        let refused = await Self.stage(store, [Self.record(["d"], at: 4)])
        #expect(refused.count == 1)
        for outcome in refused { #expect(throws: StorageError.self) { try outcome.get() } }
        #expect(await store.checkpoint().state.totalPosts == 3, "a, b, c applied (b and c unacknowledged); d refused")
        log.close()
    }
}
