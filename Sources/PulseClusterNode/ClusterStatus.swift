import PulseCluster
import Synchronization

/// What one node knows about its cluster right now, for `/metrics`, `/readyz` and the leader's
/// ticks: whether it holds the lease (and until when it may act on it), whether Redis answers,
/// the last round-trip time, how many entries the stream has had and how many this node applied.
/// Written by the lease thread and the applier task, read by anyone. Thread-safe.
public final class ClusterStatus: Sendable {
    struct Figures {
        var leaseValidUntil: UInt64 = 0
        var redisReachable = false
        var redisProblem = "not connected yet"
        var roundTripSeconds = 0.0
        var streamEntriesAdded: UInt64?
        var appliedEntries: UInt64 = 0
        /// The stream ID of the last entry applied (what the lease thread publishes for the trim).
        var lastAppliedID = "0-0"
        var caughtUp = false
    }

    let figures = Mutex(Figures())

    public init() {}

    /// True while this node may write ticks (its lease, as it last saw it, has not run out).
    public var isLeader: Bool {
        figures.withLock { $0.leaseValidUntil } > MonotonicClock.nanoseconds()
    }

    /// Entries this node is behind the stream (0 when unknown).
    public var lagEntries: UInt64 {
        figures.withLock { figures in
            guard let added = figures.streamEntriesAdded else { return 0 }
            return added > figures.appliedEntries ? added - figures.appliedEntries : 0
        }
    }

    /// The cluster gauges of `/metrics`.
    public func gauges() -> [(name: String, help: String, value: Double)] {
        let (figures, leader, lag) = (self.figures.withLock { $0 }, isLeader, lagEntries)
        return [
            ("pulse_cluster_leader", "1 while this node holds the leader lease and writes the ticks.", leader ? 1 : 0),
            ("pulse_cluster_lag_entries", "Log entries in the Redis stream this node has not applied yet.", Double(lag)),
            ("pulse_cluster_applied_entries", "Log entries this node has applied (the same count on every node).",
             Double(figures.appliedEntries)),
            ("pulse_cluster_redis_up", "1 while Redis answers this node.", figures.redisReachable ? 1 : 0),
            ("pulse_cluster_redis_rtt_seconds", "Round-trip time of the last lease command to Redis.", figures.roundTripSeconds),
        ]
    }
}
