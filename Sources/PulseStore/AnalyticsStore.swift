import PulseAnalytics

/// The live analytics state behind an actor: every ingest and every tick is serialised here.
/// Stateless scoring happens before `ingest` (in parallel, off this actor); this actor only
/// aggregates. It numbers the deltas it emits (consecutive offsets) so that a snapshot and the
/// deltas after it line up exactly.
public actor AnalyticsStore {
    private var state: LiveState
    /// Posts applied since the last emitted delta; they join the recent ring when emitted.
    private var unpublished: [StoredPost] = []
    private var changed: Set<Topic> = []
    private var deltaOffset: UInt64 = 0

    public init(limits: LiveState.Limits = LiveState.Limits()) {
        state = LiveState(limits: limits)
    }

    /// Applies a batch of scored posts accepted at time `now`.
    public func ingest(_ posts: [ScoredPost], now: Double) -> IngestReceipt {
        let (receipt, applied) = state.apply(posts, now: now)
        if !applied.isEmpty {
            unpublished.append(contentsOf: applied)
            changed.formUnion([.sentiment, .trending, .posts])
        }
        return receipt
    }

    /// The changes since the previous call, numbered with the next delta offset; nil when nothing changed.
    public func takeChanges(now: Double) -> StateChanges? {
        guard !changed.isEmpty else { return nil }
        deltaOffset += 1
        let posts = unpublished
        state.remember(posts)
        unpublished.removeAll(keepingCapacity: true)
        let topics = changed
        changed.removeAll()
        return StateChanges(topics: topics, view: view(now: now, posts: posts, seriesPoints: 2))
    }

    /// The whole state for a new subscriber or `GET /api/state`, at the last emitted delta offset.
    public func snapshot(now: Double) -> LiveView {
        view(now: now, posts: state.recentPosts, seriesPoints: .max)
    }

    /// The current delta offset (the last one emitted).
    public var currentOffset: UInt64 { deltaOffset }

    private func view(now: Double, posts: [StoredPost], seriesPoints: Int) -> LiveView {
        LiveView(
            offset: deltaOffset, time: now,
            totalPosts: state.totalPosts, totalDuplicates: state.totalDuplicates,
            postsPerSecond: state.postsPerSecond(now: now),
            labelCounts: state.labelCounts, meanCompound: state.meanCompound,
            perSecond: state.perSecond.points(last: seriesPoints, upTo: now),
            perMinute: state.perMinute.points(last: seriesPoints, upTo: now),
            topHashtags: state.topHashtags(state.limits.topHashtags),
            posts: posts)
    }
}
