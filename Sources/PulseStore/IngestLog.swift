/// Where an ingest batch is made durable and applied before its 202: on a single node the
/// store with its write-ahead log (`AnalyticsStore`), in a cluster the Redis Stream every node
/// applies (`ClusterIngestLog`). Chosen at start-up; called from any task.
public protocol IngestLog: Sendable {
    /// Records `record` (`encoded` is its `encoded()` bytes, made off any actor) and applies it;
    /// returns its receipt once it is durable and applied.
    /// - Throws: the log's error; then nothing was acknowledged.
    func commit(_ record: ScoredRecord, encoded: [UInt8]) async throws -> IngestReceipt
}

extension AnalyticsStore: IngestLog {
    public func commit(_ record: ScoredRecord, encoded: [UInt8]) async throws -> IngestReceipt {
        try await ingestDurably(record, encoded: encoded)
    }
}

/// The cluster log could not take a batch (Redis unreachable, too few replicas, no answer in
/// time): nothing was acknowledged; the client may send it again (a repeat that did reach the
/// log counts as duplicates). A plain value; its description is the reason.
public struct LogUnavailable: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ reason: String) { description = reason }
}
