import Foundation
import PulseAnalytics
import PulseStore
import Testing
@testable import PulseHub

/// Snapshots are encoded off the store actor from a copy of the state, and an encoding failure
/// reaches the caller instead of becoming an empty snapshot.
@Suite struct StatePersistenceTests {
    static let configDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config")

    @Test func snapshotRoundTripsAndAHugeMetricKeepsTheStateEncodable() async throws {
        let directory = NSTemporaryDirectory() + "pulse-persistence-test-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = AnalyticsStore()
        let scorer = PostScorer(sentiment: try SentimentLexiconFiles.load(directory: Self.configDirectory))
        let persistence = StatePersistence(directory: directory, options: WALOptions(), limits: LiveState.Limits(), scorer: scorer, store: store)
        _ = try await persistence.recover()
        let ingest = IngestService(decoder: PostDecoder(), scorer: scorer, store: store, metrics: PulseMetrics(), clock: { 1_000 })

        _ = try await ingest.ingest([Post(id: "a", text: "a fine day #good", metrics: ["likes": 3])])
        let written = try #require(try await persistence.checkpoint())
        let folder = URL(fileURLWithPath: written.snapshotPath).deletingLastPathComponent().path
        let snapshots = { try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("snapshot-") } }
        #expect(try snapshots().count == 1)
        let (copy, _) = await store.checkpoint()
        let payload = try copy.encoded()
        #expect(written.snapshotBytes > payload.count)
        #expect(try LiveState(decoding: payload, limits: LiveState.Limits()).totalPosts == 1)

        // likes² would overflow the correlation sums to infinity, which JSON cannot hold: such a
        // value is left out of the correlations, so the state stays encodable (it used to stop
        // every later snapshot).
        _ = try await ingest.ingest([Post(id: "b", text: "huge", metrics: ["likes": 1e200])])
        let report = try await persistence.checkpoint()
        #expect(report != nil)
        let (after, _) = await store.checkpoint()
        #expect(after.correlation.matrix.joined().allSatisfy { $0.map(\.isFinite) ?? true })
        #expect(try LiveState(decoding: try after.encoded(), limits: LiveState.Limits()).totalPosts == 2)
        persistence.close()
    }
}
