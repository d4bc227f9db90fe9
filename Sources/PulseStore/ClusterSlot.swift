import PulseAnalytics
import Synchronization

/// A read-only copy of the store's live clusters (centroids and TF-IDF vocabulary) for the
/// stateless scorer, which runs off the store actor: the store publishes a copy once per tick,
/// any thread assigns posts to it. Like `ModelSlot` for the engagement model. Thread-safe.
public final class ClusterSlot: Sendable {
    private let current = Mutex<(clusters: StreamingKMeans, time: Double)?>(nil)

    public init() {}

    /// Replaces the copy (the store calls this; copying is cheap, the store's next change pays it).
    public func publish(_ clusters: StreamingKMeans, at time: Double) {
        guard clusters.isSeeded else { return }
        current.withLock { $0 = (clusters, time) }
    }

    /// The cluster of a post's hashtags under the last published copy; nil before the clusters
    /// are seeded or when no tag is in their vocabulary.
    public func cluster(ofTags tags: [String]) -> Int? {
        guard let published = current.withLock({ $0 }) else { return nil }
        return published.clusters.assign(tags: tags, at: published.time)?.cluster
    }
}
