import PulseAnalytics

/// A small, self-contained summary of the live state at one moment: what a delta, a snapshot
/// and `GET /api/state` are encoded from. Produced by `AnalyticsStore`; a plain value.
public struct LiveView: Sendable {
    /// The delta offset this view corresponds to (the last delta emitted at or before it).
    public var offset: UInt64
    /// When it was taken (seconds since 1970).
    public var time: Double
    public var totalPosts: UInt64
    public var totalDuplicates: UInt64
    public var postsPerSecond: Double
    public var labelCounts: [String: Int]
    public var meanCompound: Double
    /// Per-second points: the whole 15 minutes in a snapshot, the newest two in a delta.
    public var perSecond: [BucketSeries.Point]
    /// Per-minute points: the whole 24 hours in a snapshot, the newest two in a delta.
    public var perMinute: [BucketSeries.Point]
    /// Trending hashtags ranked by velocity (each with its decayed mean sentiment).
    public var trending: [TrendingTags.Tag]
    public var words: [WordTerms.Term]
    public var clusters: [StreamingKMeans.Cluster]
    public var silhouette: Double?
    /// Newest first.
    public var alerts: [Alert]
    public var engagement: EngagementStats
    /// The loaded model's report as JSON, if a model is loaded.
    public var modelReport: [UInt8]?
    public var correlationFields: [String]
    public var correlation: [[Double?]]
    /// Posts: the recent ring in a snapshot, the posts new since the previous delta in a delta.
    public var posts: [StoredPost]
}

/// One tick's worth of change: the topics that changed and the view to encode them from.
public struct StateChanges: Sendable {
    public var topics: Set<Topic>
    public var view: LiveView
}
