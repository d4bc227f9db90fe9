/// Counters of a cluster log's writer, for metrics and tests. A plain value (a copy).
public struct ClusterLogStatistics: Sendable, Equatable {
    /// Append and trim calls handed to the writer so far.
    public var submittedJobs = 0
    /// Pipelined batches sent to Redis (each one round trip), successful or not.
    public var roundTrips = 0
    /// Entries Redis acknowledged.
    public var appendedEntries = 0
    /// Append calls that failed (any `ClusterLogError`).
    public var failedAppends = 0
    /// Duration of the last successful round trip, in microseconds.
    public var lastRoundTripMicroseconds = 0

    public init() {}
}
