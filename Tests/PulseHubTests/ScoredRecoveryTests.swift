import Foundation
import Synchronization
import PulseAnalytics
import PulseStore
import Testing
@testable import PulseHub

/// The WAL carries scored records: recovery applies them without the scorer and rebuilds the
/// live state byte for byte; old version-1 (raw) records are still re-scored and recovered.
@Suite struct ScoredRecoveryTests {
    static let analyzer = Result { try SentimentLexiconFiles.load(directory: StatePersistenceTests.configDirectory) }

    static func posts(seed: UInt64, count: Int) -> [Post] {
        var feed = DemoFeed(seed: seed)
        return (0..<count).map { _ in feed.next().post }
    }

    static func train(features: [String], seed: UInt64, scorer: PostScorer) async throws -> EngagementModel {
        let records = posts(seed: 99, count: 400).map(DataRecord.init(post:))
        let request = EngagementTrainer.Request(target: "likes", features: features,
                                                grid: try ParameterGrid(parsing: "n_estimators=8;max_depth=5"), folds: 0, seed: seed)
        return try await DedicatedThread.run("pulse-test") { try EngagementTrainer.train(records: records, request: request, textFeatures: scorer) }
    }

    static func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "pulse-scored-recovery-" + UUID().uuidString
    }

    /// The state of `store` as snapshot bytes, after publishing (so recent posts are remembered, as replay does).
    static func stateBytes(_ store: AnalyticsStore, now: Double) async throws -> [UInt8] {
        _ = await store.takeChanges(now: now)
        return try await store.checkpoint().state.encoded()
    }

    @Test func recoveryAppliesScoredRecordsWithoutTheScorer() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let models = ModelSlot()
        let scorer = PostScorer(sentiment: try Self.analyzer.get(), models: models)
        models.replace(with: try await Self.train(features: ["followers", "sentiment_compound", "platform", "hashtag_count"],
                                                  seed: 1, scorer: scorer))
        let store = AnalyticsStore()
        let persistence = StatePersistence(directory: directory, options: WALOptions(), limits: LiveState.Limits(),
                                           scorer: scorer, store: store)
        _ = try await persistence.recover()
        let time = TestClock(start: 1_800_000_000)
        let ingest = IngestService(decoder: PostDecoder(), scorer: scorer, store: store, metrics: PulseMetrics(), clock: time.next)
        let posts = Self.posts(seed: 7, count: 1_600)  // past the clusters' warm-up
        for start in stride(from: 0, to: 1_500, by: 300) { _ = try await ingest.ingest(Array(posts[start..<(start + 300)])) }
        _ = try await ingest.ingest(Array(posts[1_500...]), file: .init(path: "/watch/a.jsonl", inode: 9, offset: 12_345))
        _ = try await ingest.ingest([posts[0]])  // a duplicate id
        let live = try await Self.stateBytes(store, now: time.now)
        persistence.close()

        // The model changes after ingest: re-scoring would now predict differently.
        models.replace(with: try await Self.train(features: ["followers"], seed: 2, scorer: scorer))
        let recoveredStore = AnalyticsStore()
        let recovery = try await StatePersistence(directory: directory, options: WALOptions(), limits: LiveState.Limits(),
                                                  scorer: scorer, store: recoveredStore).recover()
        #expect(recovery.report.snapshotSequence == nil, "WAL replay only")
        #expect(recovery.report.replay.records == 7)
        #expect(recovery.posts == 1_600)
        #expect(recovery.filePositions["/watch/a.jsonl"]?.offset == 12_345)
        let (recovered, _) = await recoveredStore.checkpoint()
        #expect(try recovered.encoded() == live, "recovered state equals the live one, byte for byte")
        #expect(recovered.totalDuplicates == 1)
        #expect(recovered.hashtags.clusters.isSeeded)
        // Proof that nothing was re-scored: the recovered predictions are the old model's, which
        // the scorer (now holding another model) no longer gives.
        let recent = recovered.recentPosts
        #expect(recent.count == 200)
        #expect(recent.map(\.scored.predictedEngagement) == (try LiveState(decoding: live, limits: .init())).recentPosts.map(\.scored.predictedEngagement))
        let rescored = await scorer.score(batch: recent.map(\.scored.post))
        #expect(zip(rescored, recent).filter { $0.predictedEngagement != $1.scored.predictedEngagement }.count > 100)
    }

    @Test func aVersionOneDataDirectoryStillRecovers() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scorer = PostScorer(sentiment: try Self.analyzer.get())
        let posts = Self.posts(seed: 8, count: 1_200)
        // A data directory as the previous release wrote it: raw version-1 records only.
        let batches = stride(from: 0, to: 1_200, by: 400).map { Array(posts[$0..<($0 + 400)]) }
        var expected = LiveState()
        do {
            let (storage, _) = try DurableStorage.open(directory: directory, applySnapshot: { _ in }, applyRecord: { _, _ in })
            for (index, batch) in batches.enumerated() {
                let file = index == 2 ? IngestRecord.FilePosition(path: "/w/old.jsonl", inode: 3, offset: 77) : nil
                let record = IngestRecord(acceptedAt: 1_700_000_000 + Double(index), posts: batch, file: file)
                #expect(record.encoded().first == 1)
                try await storage.wal.waitUntilDurable(try storage.wal.enqueue(record.encoded()))
                expected.remember(expected.apply(await scorer.score(batch: batch), now: record.acceptedAt, file: file).1)
            }
            storage.wal.close()
        }
        let store = AnalyticsStore()
        let persistence = StatePersistence(directory: directory, options: WALOptions(), limits: LiveState.Limits(),
                                           scorer: scorer, store: store)
        let recovery = try await persistence.recover()
        #expect(recovery.posts == 1_200 && recovery.report.replay.records == 3)
        #expect(recovery.filePositions["/w/old.jsonl"]?.offset == 77)
        let got = try await store.checkpoint().state.encoded(), want = try expected.encoded()
        #expect(got == want, "the v1 replay re-scores exactly as live ingest scored")

        // New ingest appends scored records after the old ones; both kinds replay together.
        let ingest = IngestService(decoder: PostDecoder(), scorer: scorer, store: store, metrics: PulseMetrics(),
                                   clock: { 1_700_000_100 })
        _ = try await ingest.ingest(Self.posts(seed: 9, count: 50))
        let live = try await Self.stateBytes(store, now: 1_700_000_100)
        persistence.close()
        let again = AnalyticsStore()
        let mixed = try await StatePersistence(directory: directory, options: WALOptions(), limits: LiveState.Limits(),
                                               scorer: scorer, store: again).recover()
        #expect(mixed.posts == 1_250 && mixed.report.replay.records == 4)
        #expect(try await again.checkpoint().state.encoded() == live)
    }

    @Test func aMalformedRecordStopsRecoveryNamingItsSequence() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let good = ScoredRecord(acceptedAt: 1, posts: [ScoredPost(post: Post(text: "fine"), hashtags: [])]).encoded()
        var bad = good
        bad[9] = 0x80  // unknown header flags; the WAL's CRC is computed over these bytes, so only decoding can refuse it
        do {
            let (storage, _) = try DurableStorage.open(directory: directory, applySnapshot: { _ in }, applyRecord: { _, _ in })
            for payload in [good, good, bad, good] { try await storage.wal.waitUntilDurable(try storage.wal.enqueue(payload)) }
            storage.wal.close()
        }
        let store = AnalyticsStore()
        let persistence = StatePersistence(directory: directory, options: WALOptions(), limits: LiveState.Limits(),
                                           scorer: PostScorer(sentiment: try Self.analyzer.get()), store: store)
        let error = await #expect(throws: RecoveryError.self) { try await persistence.recover() }
        #expect(error?.description == "WAL record 3 is malformed: scored record: unknown header flags 128")
        #expect(await store.checkpoint().state.totalPosts == 0, "nothing is installed")
    }
}

/// A clock for tests that advances a quarter second per reading. Thread-safe.
final class TestClock: Sendable {
    private let state: Mutex<Double>
    init(start: Double) { state = Mutex(start) }
    var now: Double { state.withLock { $0 } }
    func next() -> Double { state.withLock { $0 += 0.25; return $0 } }
}
