import PulseAnalytics

/// The whole live analytics state as one value: totals, per-second and per-minute sentiment
/// series, hashtag intelligence (trending, words, clusters, alerts), engagement and correlation
/// statistics, recent posts, the idempotency window and watched-file positions. Owned by
/// `AnalyticsStore`; copying it gives a consistent snapshot. Every update takes `now` from its
/// caller, so replaying the same records rebuilds the same state.
public struct LiveState: Sendable {
    /// Sizes and windows, from the `store` section of the configuration.
    public struct Limits: Sendable {
        public var recentPosts = 200
        public var idempotencyWindow = 1_000_000
        public var topHashtags = 20
        public var recentAlerts = 50
        public var hashtags = HashtagAnalytics.Configuration()
        public init() {}
    }

    /// The numeric fields correlated in the `correlation` topic.
    public static let correlationFields = ["followers", "likes", "shares", "comments", "sentiment", "text_length", "predicted"]

    public let limits: Limits
    public internal(set) var totalPosts: UInt64 = 0
    public internal(set) var totalDuplicates: UInt64 = 0
    public internal(set) var labelCounts: [String: Int] = ["positive": 0, "neutral": 0, "negative": 0]
    public internal(set) var compoundSum = 0.0
    /// Posts and compound sums per second, last 15 minutes.
    public internal(set) var perSecond = BucketSeries(bucketSeconds: 1, buckets: 900)
    /// Posts and compound sums per minute, last 24 hours.
    public internal(set) var perMinute = BucketSeries(bucketSeconds: 60, buckets: 1440)
    public internal(set) var hashtags: HashtagAnalytics
    /// Newest first; at most `limits.recentAlerts`.
    public internal(set) var alerts: [Alert] = []
    public internal(set) var engagement = EngagementStats()
    public internal(set) var correlation = StreamingCorrelation(fields: LiveState.correlationFields)
    /// Newest last; at most `limits.recentPosts`.
    public internal(set) var recentPosts: [StoredPost] = []
    public internal(set) var recentIDs: RecentIDs
    /// How far each watched file has been ingested (path → inode and offset).
    public internal(set) var filePositions: [String: IngestRecord.FilePosition] = [:]

    public init(limits: Limits = Limits()) {
        self.limits = limits
        recentIDs = RecentIDs(capacity: limits.idempotencyWindow)
        hashtags = HashtagAnalytics(configuration: limits.hashtags)
    }

    /// Applies a batch: posts whose id was seen inside the window are counted as duplicates and skipped.
    /// Returns the receipt, the posts that were applied (in order) and whether alerts were raised.
    public mutating func apply(_ posts: [ScoredPost], now: Double, file: IngestRecord.FilePosition? = nil,
                               engagementTarget: String? = nil) -> (IngestReceipt, [StoredPost]) {
        if let file { filePositions[file.path] = file }
        var applied: [StoredPost] = []
        applied.reserveCapacity(posts.count)
        var duplicates = 0
        var compoundTotal = 0.0
        var labels = (positive: 0, neutral: 0, negative: 0)  // added to `labelCounts` once per batch
        for scored in posts {
            if let id = scored.post.id, !recentIDs.insert(id) {
                duplicates += 1
                continue
            }
            totalPosts += 1
            if scored.compound > 0.05 { labels.positive += 1 } else if scored.compound < -0.05 { labels.negative += 1 } else { labels.neutral += 1 }
            compoundSum += scored.compound
            compoundTotal += scored.compound
            let outcome = hashtags.ingest(scored, at: now)
            if !outcome.alerts.isEmpty {
                alerts.insert(contentsOf: outcome.alerts.reversed(), at: 0)
                if alerts.count > limits.recentAlerts { alerts.removeLast(alerts.count - limits.recentAlerts) }
            }
            let metrics = scored.post.metrics
            if let predicted = scored.predictedEngagement {
                engagement.observeUntrimmed(id: scored.post.id, predicted: predicted, actual: engagementTarget.flatMap { metrics[$0] })
            }
            correlation.add([metrics["followers"], metrics["likes"], metrics["shares"], metrics["comments"],
                             scored.compound, Double(scored.textLength), scored.predictedEngagement])
            applied.append(StoredPost(scored: scored, ingestedAt: now, sequence: totalPosts, cluster: outcome.cluster))
        }
        for (label, count) in [("positive", labels.positive), ("neutral", labels.neutral), ("negative", labels.negative)] where count > 0 {
            labelCounts[label, default: 0] += count
        }
        engagement.trimToWindow()
        perSecond.add(count: applied.count, sum: compoundTotal, at: now)
        perMinute.add(count: applied.count, sum: compoundTotal, at: now)
        totalDuplicates += UInt64(duplicates)
        return (IngestReceipt(accepted: applied.count, duplicates: duplicates, offset: totalPosts), applied)
    }

    /// Applies a scored record: a pure function of the state and the record (its time, file
    /// position and model target come from the record; nothing is re-scored).
    public mutating func apply(_ record: ScoredRecord) -> (IngestReceipt, [StoredPost]) {
        apply(record.posts, now: record.acceptedAt, file: record.file, engagementTarget: record.modelTarget)
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
}
