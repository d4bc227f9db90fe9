import PulseAnalytics
import PulseStore

/// The ingest pipeline shared by webhooks, watched folders and the demo feed: decode and
/// validate (all or nothing), score in parallel, then apply in the store actor. Stateless
/// itself; call it from any task.
public struct IngestService: Sendable {
    public let decoder: PostDecoder
    public let scorer: PostScorer
    public let store: AnalyticsStore
    /// Where batches are made durable and applied: the store's WAL, or the cluster log.
    public let log: any IngestLog
    public let metrics: PulseMetrics
    public let clock: @Sendable () -> Double

    public init(decoder: PostDecoder, scorer: PostScorer, store: AnalyticsStore, log: (any IngestLog)? = nil,
                metrics: PulseMetrics, clock: @escaping @Sendable () -> Double) {
        self.decoder = decoder
        self.scorer = scorer
        self.store = store
        self.log = log ?? store
        self.metrics = metrics
        self.clock = clock
    }

    /// Decodes `body` and ingests every post, or nothing when any post is bad.
    /// - Throws: `PostDecoder.Rejection` for bad input; the WAL's error when the disk fails.
    public func ingest(body: [UInt8], format: PostDecoder.Format) async throws -> IngestReceipt {
        let posts: [Post]
        do {
            posts = try decoder.decode(body, format: format)
        } catch {
            metrics.reject(error.code)
            throw error
        }
        return try await ingest(posts)
    }

    /// Ingests already validated posts: scored in parallel (everything per post), logged in the
    /// WAL as one scored record (with the watched file's position, if any), applied by the store
    /// from that record, and returned only once durable.
    public func ingest(_ posts: [Post], file: IngestRecord.FilePosition? = nil) async throws -> IngestReceipt {
        let record = await scorer.record(for: posts, acceptedAt: clock(), file: file)
        let encoded = record.encoded()
        let receipt: IngestReceipt
        do {
            receipt = try await log.commit(record, encoded: encoded)
        } catch {
            metrics.reject(error is LogUnavailable ? "log_unavailable" : "storage_error", count: posts.count)
            throw error
        }
        metrics.postsIngested.add(receipt.accepted, ordering: .relaxed)
        metrics.duplicatesSkipped.add(receipt.duplicates, ordering: .relaxed)
        return receipt
    }
}
