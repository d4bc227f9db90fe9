import Foundation
import PulseAnalytics
import PulseCluster

/// The thread that keeps this node's view of the cluster fresh: it holds (or tries to take) the
/// leader lease every beat, measures the Redis round trip, and reads how many entries the stream
/// has had (for the lag). Everything it learns goes to `ClusterStatus`. On `stop()` it gives the
/// lease up, so another node takes over at once instead of after the lease period.
///
/// Thread ownership: the Redis connection and the lease belong to its own thread ("pulse-lease");
/// `stop()` may be called from anywhere.
final class ClusterLeaseThread: @unchecked Sendable {
    private let options: ClusterLogOptions
    private let node: String
    private let periodMilliseconds: Int
    private let status: ClusterStatus
    private let condition = NSCondition()
    private var stopped = false
    private var done = false

    init(options: ClusterLogOptions, node: String, periodMilliseconds: Int, status: ClusterStatus) {
        self.options = options
        self.node = node
        self.periodMilliseconds = periodMilliseconds
        self.status = status
    }

    /// Starts the thread.
    func start() {
        let thread = Thread { [self] in
            DedicatedThread.nameCurrentThread("pulse-lease")
            run()
        }
        thread.start()
    }

    /// Ends the thread after releasing the lease; waits until it has.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !done { condition.wait() }
        condition.unlock()
    }

    /// A renewal every quarter period keeps the lease with room for a slow round trip.
    private var beatMilliseconds: Int { max(20, min(periodMilliseconds / 4, 500)) }

    private func run() {
        var connection: RedisConnection?
        var lease: LeaderLease?
        var lastStreamRead: UInt64 = 0
        while !waitOrStop(milliseconds: connection == nil ? 50 : beatMilliseconds) {
            do {
                if connection == nil {
                    let made = try RedisConnection(url: options.url, connectTimeoutMilliseconds: options.connectTimeoutMilliseconds,
                                                   commandTimeoutMilliseconds: options.commandTimeoutMilliseconds)
                    connection = made
                    lease = LeaderLease(connection: made, keys: options.keys, node: node, periodMilliseconds: periodMilliseconds)
                }
                let sent = MonotonicClock.nanoseconds()
                let leading = try lease!.heartbeat()
                let answered = MonotonicClock.nanoseconds()
                if answered - lastStreamRead >= 500_000_000 {
                    let added = try Self.streamCounts(connection!, key: options.keys.log).added
                    status.figures.withLock { $0.streamEntriesAdded = added }
                    lastStreamRead = answered
                }
                try Self.publishApplied(connection!, keys: options.keys, node: node, id: status.figures.withLock { $0.lastAppliedID })
                status.figures.withLock { figures in
                    figures.leaseValidUntil = leading ? sent + UInt64(periodMilliseconds) * 1_000_000 : 0
                    figures.redisReachable = true
                    figures.roundTripSeconds = Double(answered - sent) / 1e9
                }
            } catch {
                connection = nil
                lease = nil
                status.figures.withLock { figures in
                    figures.redisReachable = false
                    figures.redisProblem = "\(error)"
                }
            }
        }
        if let lease { _ = try? lease.release() }
        status.figures.withLock { $0.leaseValidUntil = 0 }
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits `milliseconds` or until `stop()`; true when stopped.
    private func waitOrStop(milliseconds: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if !stopped { _ = condition.wait(until: Date(timeIntervalSinceNow: Double(milliseconds) / 1000)) }
        return stopped
    }

    /// How many entries the stream has ever had and holds now (`XINFO STREAM`'s entries-added and
    /// length; both 0 before the first). Their difference is how many were trimmed.
    static func streamCounts(_ connection: RedisConnection, key: String) throws -> (added: UInt64, length: UInt64) {
        let reply = try connection.command("XINFO", "STREAM", key)
        if case .error(let text) = reply {
            if text.contains("no such key") { return (0, 0) }
            throw RedisError.server("XINFO STREAM: \(text)")
        }
        guard case .array(let fields) = reply else { throw RedisError.protocolError("XINFO STREAM: unexpected reply \(reply)") }
        var added: UInt64?, length: UInt64?
        var index = 0
        while index + 1 < fields.count {
            if fields[index].text == "entries-added", let value = fields[index + 1].integer { added = UInt64(max(value, 0)) }
            if fields[index].text == "length", let value = fields[index + 1].integer { length = UInt64(max(value, 0)) }
            index += 2
        }
        guard let added, let length else {
            throw RedisError.protocolError("XINFO STREAM has no entries-added or length (Redis 7 or later is needed)")
        }
        return (added, length)
    }

    /// Tells the leader how far this node has applied (the trim stays below the slowest node).
    static func publishApplied(_ connection: RedisConnection, keys: ClusterKeys, node: String, id: String) throws {
        let stamp = UInt64(Date().timeIntervalSince1970 * 1000)
        let reply = try connection.command("HSET", keys.applied, node, "\(id) \(stamp)")
        if case .error(let text) = reply { throw RedisError.server("HSET \(keys.applied): \(text)") }
    }
}
