import PulseAnalytics

/// A post as the store keeps it in its recent-posts ring and sends it to subscribers:
/// the scored post plus its place in the ingest log. A plain value.
public struct StoredPost: Sendable, Hashable {
    public var scored: ScoredPost
    /// When the hub accepted it (seconds since 1970).
    public var ingestedAt: Double
    /// Its 1-based position in the ingest log.
    public var sequence: UInt64
    /// The hashtag cluster it joined (nil before the clusters are seeded, or without hashtags).
    public var cluster: Int?

    public init(scored: ScoredPost, ingestedAt: Double, sequence: UInt64, cluster: Int? = nil) {
        self.scored = scored
        self.ingestedAt = ingestedAt
        self.sequence = sequence
        self.cluster = cluster
    }
}

/// What one ingest call did: posts applied, duplicates skipped, and the log position reached.
public struct IngestReceipt: Sendable, Equatable {
    public var accepted: Int
    public var duplicates: Int
    /// Posts accepted since the state began, after this batch (the ingest log position).
    public var offset: UInt64

    public init(accepted: Int, duplicates: Int, offset: UInt64) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.offset = offset
    }
}
