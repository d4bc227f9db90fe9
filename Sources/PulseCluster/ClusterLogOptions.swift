/// How one node talks to its cluster's Redis: where, which cluster, timeouts, replication.
/// A plain value.
///
/// Durability: an append is acknowledged when Redis answered its XADD. Whether that survives a
/// crash of Redis is Redis's `appendonly`/`appendfsync` setting: with `appendfsync always` Redis
/// fsyncs its AOF before it answers, so nothing acknowledged is lost (what the tests check);
/// with `everysec` (Redis's default) up to about one second of acknowledged entries can be lost
/// if the Redis machine crashes. `waitReplicas` > 0 (config `cluster.waitReplicas`) sends
/// `WAIT waitReplicas waitTimeoutMilliseconds` after each pipelined batch of XADDs, so an append
/// is acknowledged only once that many replicas have it (`notReplicated` otherwise).
public struct ClusterLogOptions: Sendable, Equatable {
    public var url: RedisURL
    public var keys: ClusterKeys
    public var connectTimeoutMilliseconds = 1000
    /// How long one pipelined batch (or one trim) may take before the connection counts as lost.
    public var commandTimeoutMilliseconds = 2000
    /// Replicas that must have an entry before its append is acknowledged (0: do not wait).
    public var waitReplicas = 0
    public var waitTimeoutMilliseconds = 1000
    /// How long one blocking XREAD waits for new entries; also the reader's reaction time to `stop()`.
    public var readBlockMilliseconds = 500
    /// At most this many entries per XREAD.
    public var readCount = 1000
    /// At most this many XADDs in one pipelined round trip.
    public var maxPipeline = 1024
    /// Reconnect back-off: first wait and the longest wait, in milliseconds.
    public var reconnectInitialMilliseconds = 20
    public var reconnectMaximumMilliseconds = 1000

    public init(url: RedisURL, cluster: String = "pulse") throws {
        self.url = url
        keys = try ClusterKeys(cluster: cluster)
    }
}
