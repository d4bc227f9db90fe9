import Foundation
import PulseAnalytics
import Synchronization

/// The one thread that writes a cluster log: it takes every queued append and trim, sends them
/// as one pipelined batch (so concurrent ingests share a round trip, as the WAL's group commit
/// shares an fsync), and resumes each caller with its result.
///
/// Thread ownership: the queue is guarded by `condition` and may be used from any thread or
/// task; the Redis connection and the back-off belong to the writer thread alone.
final class ClusterLogWriter: @unchecked Sendable {
    enum Job {
        case append([[UInt8]], CheckedContinuation<[StreamID], Error>)
        case trim(StreamID, CheckedContinuation<Int, Error>)

        var commandCount: Int {
            switch self {
            case .append(let entries, _): entries.count
            case .trim: 1
            }
        }
    }

    private let options: ClusterLogOptions
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var stopped = false
    private let counters = Mutex(ClusterLogStatistics())
    // Writer thread only:
    private var connection: RedisConnection?
    private var backoff: Backoff
    private var lastFailure = "not connected yet"
    /// When the connection last answered (monotonic ns): one idle for longer is checked with a
    /// PING before a batch is sent on it, so a Redis restart meanwhile costs a reconnect, not
    /// the batch (which could not be retried: it might have been applied).
    private var lastAnswered: UInt64 = 0
    private static let idleCheckNanoseconds: UInt64 = 1_000_000_000

    init(options: ClusterLogOptions) {
        self.options = options
        backoff = Backoff(initialMilliseconds: options.reconnectInitialMilliseconds,
                          maximumMilliseconds: options.reconnectMaximumMilliseconds)
        let thread = Thread { [self] in
            DedicatedThread.nameCurrentThread("pulse-redis-wr")
            run()
        }
        thread.start()
    }

    var statistics: ClusterLogStatistics { counters.withLock { $0 } }

    /// Queues `job`; a job submitted after `stop()` fails at once with `logUnavailable`.
    func submit(_ job: Job) {
        counters.withLock { $0.submittedJobs += 1 }
        condition.lock()
        if stopped {
            condition.unlock()
            fail(job, with: .logUnavailable("cluster log closed"))
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once the jobs already queued are done.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                break
            }
            var batch: [Job] = []
            var commands = 0
            while let job = queue.first, batch.isEmpty || commands + job.commandCount <= options.maxPipeline {
                batch.append(queue.removeFirst())
                commands += job.commandCount
            }
            condition.unlock()
            write(batch)
        }
        connection = nil
    }

    /// Sends `batch` in one round trip and resumes every job; on a connection failure every job
    /// of the batch fails with `logUnavailable` (none is acknowledged).
    private func write(_ batch: [Job]) {
        guard let connection = connect() else {
            for job in batch { fail(job, with: .logUnavailable(lastFailure)) }
            return
        }
        let key = options.keys.log
        let waits = options.waitReplicas > 0 && batch.contains { if case .append = $0 { true } else { false } }
        var replies: [RedisReply] = []
        let started = MonotonicClock.nanoseconds()
        counters.withLock { $0.roundTrips += 1 }
        do {
            for job in batch {
                switch job {
                case .append(let entries, _):
                    let head = ["XADD", key, "*", ClusterLogEntry.field].map(\.redisBytes)
                    for entry in entries { try connection.append(head + [entry]) }
                case .trim(let minID, _):
                    try connection.append(["XTRIM", key, "MINID", minID.description].map(\.redisBytes))
                }
            }
            if waits { try connection.append(["WAIT", String(options.waitReplicas), String(options.waitTimeoutMilliseconds)].map(\.redisBytes)) }
            for _ in 0..<connection.pendingReplies { replies.append(try connection.readReply()) }
        } catch {
            lastFailure = "\(error)"
            self.connection = nil
            backoff.failed()
            for job in batch { fail(job, with: .logUnavailable(lastFailure)) }
            return
        }
        lastAnswered = MonotonicClock.nanoseconds()
        let elapsed = Int((lastAnswered - started) / 1000)
        counters.withLock { $0.lastRoundTripMicroseconds = elapsed }
        var replicated: Int?
        if waits, let last = replies.popLast() {
            replicated = Int(last.integer ?? -1)
        }
        var next = 0
        for job in batch {
            switch job {
            case .append(let entries, let continuation):
                let own = replies[next..<(next + entries.count)]
                next += entries.count
                let result = Self.streamIDs(own, replicated: replicated, required: options.waitReplicas)
                counters.withLock {
                    if case .success(let ids) = result { $0.appendedEntries += ids.count } else { $0.failedAppends += 1 }
                }
                continuation.resume(with: result)
            case .trim(_, let continuation):
                let reply = replies[next]
                next += 1
                if let removed = reply.integer { continuation.resume(returning: Int(removed)) }
                else { continuation.resume(throwing: ClusterLogError.rejected("XTRIM: \(reply)")) }
            }
        }
    }

    /// The IDs of one append's XADD replies, or why it failed.
    private static func streamIDs(_ replies: ArraySlice<RedisReply>, replicated: Int?, required: Int) -> Result<[StreamID], Error> {
        var ids: [StreamID] = []
        for reply in replies {
            if case .error(let text) = reply { return .failure(ClusterLogError.rejected("XADD: \(text)")) }
            guard let text = reply.text, let id = StreamID(text) else {
                return .failure(ClusterLogError.rejected("XADD: unexpected reply \(reply)"))
            }
            ids.append(id)
        }
        if let replicated, replicated < required {
            return .failure(ClusterLogError.notReplicated(acknowledged: max(replicated, 0), required: required))
        }
        return .success(ids)
    }

    /// The connection, made anew when there is none and the back-off allows a try; nil otherwise.
    private func connect() -> RedisConnection? {
        if let connection {
            guard MonotonicClock.nanoseconds() - lastAnswered > Self.idleCheckNanoseconds else { return connection }
            if case .status("PONG")? = try? connection.command("PING") {
                lastAnswered = MonotonicClock.nanoseconds()
                return connection
            }
            self.connection = nil
        }
        guard backoff.mayTry else { return nil }
        var timeout = options.commandTimeoutMilliseconds
        if options.waitReplicas > 0 { timeout += options.waitTimeoutMilliseconds }
        do {
            let made = try RedisConnection(url: options.url, connectTimeoutMilliseconds: options.connectTimeoutMilliseconds,
                                           commandTimeoutMilliseconds: timeout)
            connection = made
            lastAnswered = MonotonicClock.nanoseconds()
            backoff.succeeded()
            return made
        } catch {
            lastFailure = "\(error)"
            backoff.failed()
            return nil
        }
    }

    private func fail(_ job: Job, with error: ClusterLogError) {
        switch job {
        case .append(_, let continuation):
            counters.withLock { $0.failedAppends += 1 }
            continuation.resume(throwing: error)
        case .trim(_, let continuation): continuation.resume(throwing: error)
        }
    }
}
