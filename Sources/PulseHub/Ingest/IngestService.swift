import PulseAnalytics
import PulseStore

/// The ingest pipeline shared by webhooks, watched folders and the demo feed: decode and
/// validate (all or nothing), score in parallel, then apply in the store actor. Stateless
/// itself; call it from any task.
public struct IngestService: Sendable {
    public let decoder: PostDecoder
    public let scorer: PostScorer
    public let store: AnalyticsStore
    public let metrics: PulseMetrics
    public let clock: @Sendable () -> Double

    public init(decoder: PostDecoder, scorer: PostScorer, store: AnalyticsStore, metrics: PulseMetrics,
                clock: @escaping @Sendable () -> Double) {
        self.decoder = decoder
        self.scorer = scorer
        self.store = store
        self.metrics = metrics
        self.clock = clock
    }

    /// Decodes `body` and ingests every post, or nothing when any post is bad.
    public func ingest(body: [UInt8], format: PostDecoder.Format) async throws(PostDecoder.Rejection) -> IngestReceipt {
        let posts: [Post]
        do {
            posts = try decoder.decode(body, format: format)
        } catch {
            metrics.reject(error.code)
            throw error
        }
        return await ingest(posts)
    }

    /// Ingests already validated posts.
    public func ingest(_ posts: [Post]) async -> IngestReceipt {
        let scored = scorer.score(posts)
        let receipt = await store.ingest(scored, now: clock())
        metrics.postsIngested.add(receipt.accepted, ordering: .relaxed)
        metrics.duplicatesSkipped.add(receipt.duplicates, ordering: .relaxed)
        return receipt
    }
}
