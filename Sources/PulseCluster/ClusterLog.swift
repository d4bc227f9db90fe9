/// The log of one cluster: one Redis Stream (`pulse:{NAME}:log`) whose entries each carry one
/// opaque byte string, ordered by their stream IDs. `append` and `trim` go through one writer
/// thread that pipelines everything queued into one round trip; `reader(after:)` starts a
/// reader thread that follows the stream. hiredis never runs on the caller's thread or on
/// Swift's cooperative pool.
///
/// Thread ownership: usable from any thread or task (the writer's queue is locked); `close()`
/// (or deinit) ends the writer thread after the queued work.
public final class ClusterLog: Sendable {
    public let options: ClusterLogOptions
    private let writer: ClusterLogWriter

    public init(options: ClusterLogOptions) {
        self.options = options
        writer = ClusterLogWriter(options: options)
    }

    deinit { writer.stop() }

    /// Appends `entries` (one XADD each, in order, sharing a round trip with every other queued
    /// append) and returns their stream IDs in the same order, once Redis answered (and, with
    /// `waitReplicas`, once enough replicas have them). Throws `ClusterLogError`; on
    /// `logUnavailable` nothing is acknowledged.
    public func append(_ entries: [[UInt8]]) async throws -> [StreamID] {
        if entries.isEmpty { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            writer.submit(.append(entries, continuation))
        }
    }

    /// Removes the entries with IDs below `minID` (`XTRIM MINID`, exact); returns how many.
    /// Only trim below what a snapshot every node can reach covers.
    public func trim(minID: StreamID) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            writer.submit(.trim(minID, continuation))
        }
    }

    /// A reader of the entries after `after`, on its own thread; `stop()` it when done.
    public func reader(after: StreamID = .zero) -> ClusterLogReader {
        ClusterLogReader(options: options, after: after)
    }

    /// The writer's counters (round trips, entries, failures).
    public var statistics: ClusterLogStatistics { writer.statistics }

    /// Ends the writer thread once the queued appends are done; later appends fail.
    public func close() { writer.stop() }
}
