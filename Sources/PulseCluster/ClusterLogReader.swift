import Foundation
import PulseAnalytics
import Synchronization

/// Follows a cluster log from a given stream ID: a dedicated thread runs the blocking
/// `XREAD BLOCK ... COUNT ...` and hands each batch of entries, in stream order, to one async
/// consumer (`for await batch in reader`). When Redis is unreachable it reconnects with
/// back-off and resumes after the last entry it handed over, so nothing is skipped or repeated.
///
/// Thread ownership: the Redis connection belongs to the reader thread alone; `state`, `lastID`
/// and `stop()` may be used from anywhere; the batches are for one consumer. Cancelling the
/// consuming task, or `stop()`, ends the iteration and the thread (within one BLOCK time).
public final class ClusterLogReader: AsyncSequence, Sendable {
    public typealias Element = [ClusterLogEntry]

    /// What the reader is doing, for readiness and metrics.
    public enum State: Sendable, Equatable {
        case connecting
        case reading
        case unavailable(String)
        case stopped
    }

    private let options: ClusterLogOptions
    private let channel: HandoffChannel<[ClusterLogEntry]>
    private let status: Mutex<(state: State, lastID: StreamID)>

    /// Starts the thread; the first batch holds the entries after `after` (`.zero`: all of them).
    public init(options: ClusterLogOptions, after: StreamID, bufferedBatches: Int = 4) {
        self.options = options
        channel = HandoffChannel(capacity: bufferedBatches)
        status = Mutex((state: .connecting, lastID: after))
        let thread = Thread { [self] in
            DedicatedThread.nameCurrentThread("pulse-redis-rd")
            run()
        }
        thread.start()
    }

    public var state: State { status.withLock { $0.state } }

    /// The ID of the last entry read from Redis and handed over (buffered or delivered), or the start ID.
    public var lastID: StreamID { status.withLock { $0.lastID } }

    /// Ends the iteration; the thread exits after its current XREAD (at most one BLOCK time).
    public func stop() { channel.finish() }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let channel: HandoffChannel<[ClusterLogEntry]>

        public mutating func next() async -> [ClusterLogEntry]? {
            let channel = self.channel
            return await withTaskCancellationHandler {
                await channel.receive()
            } onCancel: {
                channel.finish()
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(channel: channel) }

    private func run() {
        var backoff = Backoff(initialMilliseconds: options.reconnectInitialMilliseconds,
                              maximumMilliseconds: options.reconnectMaximumMilliseconds)
        var connection: RedisConnection?
        var after = lastID
        while !channel.isFinished {
            if connection == nil {
                let wait = backoff.millisecondsToWait
                if wait > 0 {
                    usleep(UInt32(Swift.min(wait, 50)) * 1000)
                    continue
                }
                do {
                    connection = try RedisConnection(
                        url: options.url, connectTimeoutMilliseconds: options.connectTimeoutMilliseconds,
                        commandTimeoutMilliseconds: options.readBlockMilliseconds + options.commandTimeoutMilliseconds)
                    backoff.succeeded()
                    setState(.reading)
                } catch {
                    backoff.failed()
                    setState(.unavailable("\(error)"))
                    continue
                }
            }
            guard let current = connection else { continue }
            do {
                let reply = try current.command("XREAD", "COUNT", options.readCount, "BLOCK", options.readBlockMilliseconds,
                                                "STREAMS", options.keys.log, after.description)
                let entries = try Self.entries(in: reply)
                guard let last = entries.last else { continue }
                after = last.id
                status.withLock { $0.lastID = last.id }
                guard channel.send(entries) else { break }
            } catch {
                connection = nil
                backoff.failed()
                setState(.unavailable("\(error)"))
            }
        }
        setState(.stopped)
    }

    private func setState(_ state: State) {
        status.withLock { $0.state = state }
    }

    /// The entries of an XREAD reply for one stream: nil (timeout) is none, an error reply throws.
    private static func entries(in reply: RedisReply) throws -> [ClusterLogEntry] {
        switch reply {
        case .null: return []
        case .error(let text): throw RedisError.server("XREAD: \(text)")
        case .array(let streams):
            guard let stream = streams.first, case .array(let pair) = stream, pair.count == 2 else {
                throw RedisError.protocolError("XREAD: unexpected reply \(reply)")
            }
            return try ClusterLogEntry.parse(pair[1])
        default: throw RedisError.protocolError("XREAD: unexpected reply \(reply)")
        }
    }
}
