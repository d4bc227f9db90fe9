import PulseAnalytics
import Testing
@testable import PulseStore

/// The store as a state machine over the cluster log: same entries, same state, same deltas,
/// whatever the batching, the node, or the checkpoint a node started from.
@Suite struct LogStateMachineTests {
    /// A log of batches (ids repeating across batches) with ticks between, as a leader writes it.
    static func log(batches: Int = 30) -> [(id: String, entry: LogEntry)] {
        var feed = DemoFeed(seed: 11)
        var entries: [(String, LogEntry)] = []
        var time = 1_795_600_000.0
        for index in 0..<batches {
            let posts = (0..<20).map { slot -> ScoredPost in
                var post = feed.next().post
                post.id = "p\((index * 20 + slot) % 450)"  // later batches repeat earlier ids
                return ScoredPost(post: post, hashtags: HashtagExtractor.hashtags(of: post), compound: Double(slot % 7) / 7 - 0.4,
                                  predictedEngagement: Double(slot))
            }
            time += 0.07
            entries.append(("\(index * 10 + 1)-0", .batch(origin: .init(node: index % 2 == 0 ? "a" : "b", request: UInt64(index)),
                                                           record: ScoredRecord(acceptedAt: time, posts: posts))))
            if index % 3 == 2 { entries.append(("\(index * 10 + 2)-0", .tick(time: time + 0.01, node: "a"))) }
            // A second leader's tick 50 ms after the first: inside half a tick, dropped everywhere.
            if index % 9 == 8 { entries.append(("\(index * 10 + 3)-0", .tick(time: time + 0.06, node: "b"))) }
        }
        return entries
    }

    static func steps(_ entries: ArraySlice<(id: String, entry: LogEntry)>) throws -> [(id: String, step: AnalyticsStore.LogStep)] {
        try entries.map { id, entry in
            switch try LogEntry(decoding: entry.encoded()) {
            case .batch(let origin, let record): return (id, .batch(origin, record))
            case .tick(let time, _): return (id, .tick(time: time))
            case .model(_, let file): return (id, .model(target: "likes", report: Array("{}".utf8), file: file))
            }
        }
    }

    /// Applies `entries` in chunks of `chunk`; returns the store, receipts and (offset, time, total) per delta.
    static func run(_ entries: [(id: String, entry: LogEntry)], chunk: Int, from checkpoint: LogCheckpoint? = nil,
                    limits: LiveState.Limits = LiveState.Limits()) async throws
        -> (AnalyticsStore, [IngestReceipt], [[Double]]) {
        let store = AnalyticsStore(limits: limits)
        await store.startLog(from: checkpoint)
        var receipts: [IngestReceipt] = []
        var deltas: [[Double]] = []
        var start = 0
        while start < entries.count {
            let end = min(start + chunk, entries.count)
            let outcome = await store.apply(log: try steps(entries[start..<end]), tickInterval: 0.2, checkpointAtTick: false, epoch: 9)
            receipts += outcome.receipts.map(\.receipt)
            deltas += outcome.deltas.map { [Double($0.view.offset), $0.view.time, Double($0.view.totalPosts), Double($0.view.posts.count)] }
            start = end
        }
        return (store, receipts, deltas)
    }

    @Test func entriesRoundTripAndDamageIsRefused() throws {
        let record = ScoredRecordTests.sample()
        let entries: [LogEntry] = [.batch(origin: .init(node: "node-ä", request: 1 << 60), record: record),
                                   .tick(time: 1_795_600_000.125, node: "b"), .model(node: "c", model: Array("{\"m\":1}".utf8))]
        for entry in entries {
            let bytes = entry.encoded()
            #expect(try LogEntry(decoding: bytes) == entry)
            for index in [0, 1, 3, LogEntry.headerSize, bytes.count / 2, bytes.count - 1] {
                var damaged = bytes
                damaged[index] ^= 0x10
                #expect(throws: (any Error).self) { try LogEntry(decoding: damaged) }
            }
            #expect(throws: (any Error).self) { try LogEntry(decoding: Array(bytes.dropLast())) }
        }
        let pre = LogEntry.batch(origin: .init(node: "a", request: 7), encodedRecord: record.encoded())
        #expect(try LogEntry(decoding: pre) == .batch(origin: .init(node: "a", request: 7), record: record))
    }

    @Test func sameEntriesGiveTheSameStateWhateverTheBatching() async throws {
        let entries = Self.log()
        let (one, receiptsOne, deltasOne) = try await Self.run(entries, chunk: 1)
        let (all, receiptsAll, deltasAll) = try await Self.run(entries, chunk: 1000)
        let (odd, receiptsOdd, deltasOdd) = try await Self.run(entries, chunk: 7)
        #expect(receiptsOne == receiptsAll && receiptsOne == receiptsOdd)
        #expect(deltasOne == deltasAll && deltasOne == deltasOdd)
        // Idempotency in log order: 600 posts sent, ids repeat after 450.
        #expect(receiptsOne.reduce(0) { $0 + $1.accepted } == 450)
        #expect(receiptsOne.reduce(0) { $0 + $1.duplicates } == 150)
        // 10 leader ticks; the 3 second-leader ticks were dropped, and the last 2 ticks found only
        // duplicates (batches 23 on repeat ids), which change no topic: 8 deltas, offsets 1...8.
        #expect(deltasOne.map { $0[0] } == (1...8).map(Double.init))
        #expect(deltasOne.map { $0[1] - 1_795_600_000 }.allSatisfy { abs(($0 - 0.22) / 0.21 - (($0 - 0.22) / 0.21).rounded()) < 1e-3 })
        let bytes = try await one.logCheckpoint(epoch: 9)!.encoded()
        #expect(try await all.logCheckpoint(epoch: 9)!.encoded() == bytes)
        #expect(try await odd.logCheckpoint(epoch: 9)!.encoded() == bytes)
        #expect(await one.position?.appliedEntries == UInt64(entries.count))
    }

    @Test func aNodeStartedFromACheckpointContinuesExactly() async throws {
        let entries = Self.log()
        let (reference, _, deltas) = try await Self.run(entries, chunk: 5)
        // A checkpoint taken at a tick (as the applier asks for one), passed through its bytes.
        let cut = entries.firstIndex { if case .tick = $0.entry { true } else { false } }! + 1 + 12
        let tickIndex = entries[..<cut].lastIndex { if case .tick = $0.entry { true } else { false } }!
        let first = AnalyticsStore()
        await first.startLog(from: nil)
        let outcome = await first.apply(log: try Self.steps(entries[...tickIndex]), tickInterval: 0.2, checkpointAtTick: false, epoch: 9)
        #expect(!outcome.deltas.isEmpty)
        let checkpoint = try LogCheckpoint(decoding: try await first.logCheckpoint(epoch: 9)!.encoded(), limits: LiveState.Limits())
        #expect(checkpoint.position.lastEntryID == entries[tickIndex].id && checkpoint.epoch == 9)
        let (resumed, _, resumedDeltas) = try await Self.run(Array(entries[(tickIndex + 1)...]), chunk: 3, from: checkpoint)
        #expect(resumedDeltas == Array(deltas.drop { $0[0] <= Double(checkpoint.deltaOffset) }))
        #expect(try await resumed.logCheckpoint(epoch: 9)!.encoded() == (try await reference.logCheckpoint(epoch: 9)!.encoded()))
    }

    @Test func timeNeverGoesBackAndASkippedEntryIsCounted() async throws {
        let store = AnalyticsStore()
        await store.startLog(from: nil)
        let early = ScoredRecord(acceptedAt: 100, posts: [ScoredPost(post: Post(id: "x", text: "late clock"), hashtags: [], compound: 0, predictedEngagement: nil)])
        let outcome = await store.apply(log: [("1-0", .tick(time: 200)), ("2-0", .batch(.init(node: "a", request: 1), early)), ("3-0", .skip),
                                              ("4-0", .tick(time: 150)), ("5-0", .tick(time: 250))],
                                        tickInterval: 0.2, checkpointAtTick: true, epoch: 1)
        // The tick at 150 is before the previous one: dropped; the batch is dated 200, not 100.
        #expect(outcome.deltas.map(\.view.time) == [250])
        #expect(outcome.deltas.first?.view.posts.first?.ingestedAt == 200)
        #expect(outcome.checkpoint?.position.lastEntryID == "1-0")
        #expect(await store.position == LogPosition(lastEntryID: "5-0", appliedEntries: 5, time: 250, lastTickTime: 250, deltaTime: 250))
    }

    @Test func batchesDatedAheadOfTheLeaderDoNotPushTicksOut() async throws {
        // Another node's clock is 150 ms ahead of the leader's: its batches move the log's clock,
        // but each tick is compared with the previous tick's own time, so none is dropped.
        let store = AnalyticsStore()
        await store.startLog(from: nil)
        var steps: [(id: String, step: AnalyticsStore.LogStep)] = []
        for index in 0..<10 {
            let leader = 1000 + Double(index) * 0.2
            let post = ScoredPost(post: Post(id: "p\(index)", text: "ahead"), hashtags: [], compound: 0, predictedEngagement: nil)
            steps.append(("\(index)-1", .batch(.init(node: "b", request: UInt64(index)), ScoredRecord(acceptedAt: leader + 0.15, posts: [post]))))
            steps.append(("\(index)-2", .tick(time: leader)))
        }
        let outcome = await store.apply(log: steps, tickInterval: 0.2, checkpointAtTick: false, epoch: 1)
        #expect(outcome.deltas.count == 10)
        let expected: [Double] = (0..<10).map { index in 1000.15 + Double(index) * 0.2 }
        let times: [Double] = outcome.deltas.map(\.view.time)
        #expect(zip(times, expected).allSatisfy { abs($0 - $1) < 1e-9 })
    }
}
