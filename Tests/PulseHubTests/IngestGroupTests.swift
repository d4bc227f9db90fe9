import Foundation
import Synchronization
import PulseAnalytics
import PulseStore
import Testing
@testable import PulseHub

/// Requests ingested as one group (`IngestService.stage(group:)`, `IngestBatcher`) get exactly the
/// answers they would get one by one: each all or nothing, duplicates counted in order, metrics kept.
@Suite struct IngestGroupTests {
    /// The answers of a staged group, by request index (they come one by one, from any thread).
    final class Answers: Sendable {
        let byIndex = Mutex<[Int: Result<IngestReceipt, any Error>]>([:])
    }

    static func service(store: AnalyticsStore, metrics: PulseMetrics) throws -> IngestService {
        let scorer = PostScorer(sentiment: try ScoredRecoveryTests.analyzer.get())
        return IngestService(decoder: PostDecoder(), scorer: scorer, store: store, metrics: metrics,
                             clock: TestClock(start: 1_800_000_000).next)
    }

    @Test func eachRequestOfAGroupIsAllOrNothing() async throws {
        let store = AnalyticsStore()
        let metrics = PulseMetrics()
        let ingest = try Self.service(store: store, metrics: metrics)
        let bodies: [(body: [UInt8], format: PostDecoder.Format)] = [
            (Array(#"{"id":"p1","text":"great day #swift"}"#.utf8), .json),
            (Array(#"[{"id":"p2","text":"fine"},{"id":"p3","text":""}]"#.utf8), .json),  // bad second post: nothing of it
            (Array("{\"id\":\"p1\",\"text\":\"again\"}\n{\"id\":\"p4\",\"text\":\"new\"}\n".utf8), .ndjson),
        ]
        let answers = Answers()
        let count = bodies.count
        let outcomes = await withCheckedContinuation { continuation in
            Task {
                await ingest.stage(group: bodies) { index, outcome in
                    let all = answers.byIndex.withLock { answers -> [Result<IngestReceipt, any Error>]? in
                        #expect(answers[index] == nil, "request \(index) was answered twice")
                        answers[index] = outcome
                        return answers.count == count ? (0..<count).map { answers[$0]! } : nil
                    }
                    if let all { continuation.resume(returning: all) }
                }
            }
        }
        #expect(outcomes.count == 3)
        #expect(try outcomes[0].get() == IngestReceipt(accepted: 1, duplicates: 0, offset: 1))
        #expect(throws: PostDecoder.Rejection.self) { try outcomes[1].get() }
        if case .failure(let rejection as PostDecoder.Rejection) = outcomes[1] {
            #expect(rejection.code == "invalid_post")
            #expect(rejection.index == 1)
        }
        #expect(try outcomes[2].get() == IngestReceipt(accepted: 1, duplicates: 1, offset: 2))
        let state = await store.checkpoint().state
        #expect(state.totalPosts == 2, "p2 was not applied: its request was refused")
        #expect(metrics.postsIngested.load(ordering: .relaxed) == 2)
        #expect(metrics.duplicatesSkipped.load(ordering: .relaxed) == 1)
        #expect(metrics.rejected("invalid_post") == 1)
    }

    @Test func theBatcherAnswersEveryRequestOnce() async throws {
        let directory = NSTemporaryDirectory() + "pulse-ingest-group-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try WriteAheadLog(directory: directory)
        let store = AnalyticsStore()
        await store.install(LiveState(), log: log, lastSequence: 0)
        let metrics = PulseMetrics()
        let batcher = IngestBatcher(service: try Self.service(store: store, metrics: metrics))
        let count = 300
        let all = await withTaskGroup(of: (Int, Result<IngestReceipt, any Error>).self) { group in
            for index in 0..<count {
                group.addTask {
                    let body = index % 50 == 7 ? Array(#"{"text":5}"#.utf8) : Array(#"{"id":"q\#(index)","text":"post \#(index) #tag"}"#.utf8)
                    let outcome = await withCheckedContinuation { continuation in
                        batcher.submit(body: body, format: .json) { continuation.resume(returning: $0) }
                    }
                    return (index, outcome)
                }
            }
            var answers: [Int: Result<IngestReceipt, any Error>] = [:]
            for await (index, outcome) in group { answers[index] = outcome }
            return answers
        }
        #expect(all.count == count)
        let refused = all.filter { (try? $0.value.get()) == nil }.map(\.key).sorted()
        #expect(refused == Array(stride(from: 7, to: count, by: 50)))
        let offsets = all.compactMap { try? $0.value.get().offset }
        #expect(Set(offsets) == Set(1...UInt64(count - refused.count)), "each accepted post got its own position")
        #expect(log.statistics.recordsWritten == UInt64(count - refused.count), "durable before answered")
        #expect(log.statistics.fsyncs < UInt64(count - refused.count), "requests shared fsyncs")
        log.close()
    }
}
