import PulseAnalytics

/// The whole live analytics state as one value: totals, per-second and per-minute series,
/// hashtag counts, recent posts and the idempotency window. Owned by `AnalyticsStore`; copying
/// it gives a consistent snapshot. Every update takes `now` from its caller, so replaying the
/// same posts with the same times rebuilds the same state.
public struct LiveState: Sendable {
    /// Sizes and windows, from the `store` section of the configuration.
    public struct Limits: Sendable {
        public var recentPosts = 200
        public var idempotencyWindow = 1_000_000
        public var topHashtags = 20
        public init() {}
    }

    public let limits: Limits
    public private(set) var totalPosts: UInt64 = 0
    public private(set) var totalDuplicates: UInt64 = 0
    public private(set) var labelCounts: [String: Int] = ["positive": 0, "neutral": 0, "negative": 0]
    public private(set) var compoundSum = 0.0
    /// Posts and compound sums per second, last 15 minutes.
    public private(set) var perSecond = BucketSeries(bucketSeconds: 1, buckets: 900)
    /// Posts and compound sums per minute, last 24 hours.
    public private(set) var perMinute = BucketSeries(bucketSeconds: 60, buckets: 1440)
    public private(set) var hashtagCounts: [String: Int] = [:]
    /// Newest last; at most `limits.recentPosts`.
    public private(set) var recentPosts: [StoredPost] = []
    public private(set) var recentIDs: RecentIDs

    public init(limits: Limits = Limits()) {
        self.limits = limits
        recentIDs = RecentIDs(capacity: limits.idempotencyWindow)
    }

    /// Applies a batch: posts whose id was seen inside the window are counted as duplicates and skipped.
    /// Returns the receipt and the posts that were applied, in order.
    public mutating func apply(_ posts: [ScoredPost], now: Double) -> (IngestReceipt, [StoredPost]) {
        var applied: [StoredPost] = []
        applied.reserveCapacity(posts.count)
        var duplicates = 0
        for scored in posts {
            if let id = scored.post.id, !recentIDs.insert(id) {
                duplicates += 1
                continue
            }
            totalPosts += 1
            labelCounts[scored.label, default: 0] += 1
            compoundSum += scored.compound
            for tag in Set(scored.hashtags) { hashtagCounts[tag, default: 0] += 1 }
            applied.append(StoredPost(scored: scored, ingestedAt: now, sequence: totalPosts))
        }
        perSecond.add(count: applied.count, sum: applied.reduce(0) { $0 + $1.scored.compound }, at: now)
        perMinute.add(count: applied.count, sum: applied.reduce(0) { $0 + $1.scored.compound }, at: now)
        totalDuplicates += UInt64(duplicates)
        return (IngestReceipt(accepted: applied.count, duplicates: duplicates, offset: totalPosts), applied)
    }

    /// Appends posts to the recent ring (called when they are published, so a snapshot's posts
    /// and the following deltas never overlap).
    public mutating func remember(_ posts: [StoredPost]) {
        recentPosts.append(contentsOf: posts)
        if recentPosts.count > limits.recentPosts { recentPosts.removeFirst(recentPosts.count - limits.recentPosts) }
    }

    public var meanCompound: Double { totalPosts == 0 ? 0 : compoundSum / Double(totalPosts) }

    /// Posts per second over the last 10 whole seconds.
    public func postsPerSecond(now: Double) -> Double { Double(perSecond.count(lastBuckets: 10, before: now)) / 10 }

    /// The most used hashtags, most first (ties by name).
    public func topHashtags(_ count: Int) -> [(tag: String, count: Int)] {
        hashtagCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(count).map { ($0.key, $0.value) }
    }
}
