import PulseStore
import Synchronization

/// Gathers small ingest requests that arrive while earlier ones are being taken, and ingests them
/// as one group (`IngestService.stage(group:)`): one task, one store step, one WAL write and one
/// durability wait per group instead of one of each per request. Each request stays all or
/// nothing and gets its own outcome. Thread-safe: `submit` from any thread (the transport's
/// service threads); one drain task at a time takes the queue, in arrival order.
public final class IngestBatcher: Sendable {
    /// Bodies up to this size are grouped; bigger ones are worth a task of their own.
    public static let maxBodyBytes = 16 << 10
    /// At most this many requests per group (bounds the work between two looks at the queue).
    public static let maxGroup = 256

    private struct Job: Sendable {
        var body: [UInt8]
        var format: PostDecoder.Format
        var completion: @Sendable (Result<IngestReceipt, any Error>) -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        /// A drain task runs (it takes every job queued before it finds the queue empty).
        var draining = false
    }

    private let service: IngestService
    private let queue = Mutex(Queue())

    public init(service: IngestService) { self.service = service }

    /// Ingests `body` with the next group; `completion` gets its receipt or error (a
    /// `PostDecoder.Rejection`, the log's error) once, when it is durable or refused, on any
    /// thread (often the WAL's writer thread): keep it short and never block in it.
    public func submit(body: [UInt8], format: PostDecoder.Format,
                       completion: @escaping @Sendable (Result<IngestReceipt, any Error>) -> Void) {
        let start = queue.withLock { queue -> Bool in
            queue.jobs.append(Job(body: body, format: format, completion: completion))
            guard !queue.draining else { return false }
            queue.draining = true
            return true
        }
        if start { Task { await drain() } }
    }

    /// Takes groups until the queue is empty. A group is answered when the log reports it
    /// durable (from the WAL's writer thread), so the next group is decoded, scored and applied
    /// meanwhile and shares the next fsync.
    private func drain() async {
        while true {
            let jobs = queue.withLock { queue -> [Job] in
                guard !queue.jobs.isEmpty else {
                    queue.draining = false
                    return []
                }
                let count = min(queue.jobs.count, Self.maxGroup)
                let taken = Array(queue.jobs.prefix(count))
                queue.jobs.removeFirst(count)
                return taken
            }
            guard !jobs.isEmpty else { return }
            await service.stage(group: jobs.map { ($0.body, $0.format) }) { index, outcome in
                jobs[index].completion(outcome)
            }
        }
    }
}
