import PulseCluster
import PulseStore
import Synchronization

/// The ingest log of a node in cluster mode: a batch becomes a log entry (XADD through the
/// cluster log's writer thread), and its receipt is the one this node's applier computed when
/// it applied that entry in log order, so `accepted` and `duplicates` are the same on every node.
/// A 202 thus means: in Redis, and applied here. Callable from any task; the waiting requests
/// are guarded by a lock.
public final class ClusterIngestLog: IngestLog {
    public let node: String
    let log: ClusterLog
    /// How long a request waits for its entry to come back from the stream before it gives up
    /// with `LogUnavailable` (the entry may still be applied later; a repeat is a duplicate).
    let applyTimeoutNanoseconds: UInt64
    private let requests: Mutex<Requests>

    /// The requests between their XADD and their receipt, by request number.
    struct Requests {
        enum Slot {
            case appending
            case waiting(CheckedContinuation<IngestReceipt, Error>, deadline: UInt64)
            case applied(IngestReceipt)
        }
        /// Request numbers start at a random point, so entries a previous run of this node left in
        /// the stream never match a request of this run.
        var next = UInt64.random(in: 1...(1 << 62))
        var slots: [UInt64: Slot] = [:]
    }

    public init(node: String, log: ClusterLog, applyTimeoutSeconds: Double = 10) {
        self.node = node
        self.log = log
        applyTimeoutNanoseconds = UInt64(applyTimeoutSeconds * 1e9)
        requests = Mutex(Requests())
    }

    public func commit(_ record: ScoredRecord, encoded: [UInt8]) async throws -> IngestReceipt {
        let request = requests.withLock { requests -> UInt64 in
            requests.next &+= 1
            requests.slots[requests.next] = .appending
            return requests.next
        }
        let entry = LogEntry.batch(origin: LogEntry.Origin(node: node, request: request), encodedRecord: encoded)
        do {
            _ = try await log.append([entry])
        } catch {
            // The XADD may have reached Redis before the connection broke; if this node already
            // applied the entry, its receipt stands. Otherwise nothing is acknowledged.
            let slot = requests.withLock { $0.slots.removeValue(forKey: request) }
            if case .applied(let receipt)? = slot { return receipt }
            throw LogUnavailable("\(error)")
        }
        let deadline = MonotonicClock.nanoseconds() + applyTimeoutNanoseconds
        return try await withCheckedThrowingContinuation { continuation in
            let early = requests.withLock { requests -> IngestReceipt? in
                if case .applied(let receipt)? = requests.slots[request] {
                    requests.slots[request] = nil
                    return receipt
                }
                requests.slots[request] = .waiting(continuation, deadline: deadline)
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }
    }

    /// The applier found this node's entry `origin` applied with `receipt`.
    func applied(_ origin: LogEntry.Origin, _ receipt: IngestReceipt) {
        guard origin.node == node else { return }
        let waiting = requests.withLock { requests -> CheckedContinuation<IngestReceipt, Error>? in
            switch requests.slots[origin.request] {
            case .appending?:
                requests.slots[origin.request] = .applied(receipt)
                return nil
            case .waiting(let continuation, _)?:
                requests.slots[origin.request] = nil
                return continuation
            case .applied?, nil:
                return nil
            }
        }
        waiting?.resume(returning: receipt)
    }

    /// Fails the requests whose entry has not come back in time (run now and then).
    func failOverdue() {
        let now = MonotonicClock.nanoseconds()
        let overdue = requests.withLock { requests -> [CheckedContinuation<IngestReceipt, Error>] in
            var overdue: [CheckedContinuation<IngestReceipt, Error>] = []
            for (request, slot) in requests.slots {
                if case .waiting(let continuation, let deadline) = slot, deadline <= now {
                    overdue.append(continuation)
                    requests.slots[request] = nil
                }
            }
            return overdue
        }
        for continuation in overdue {
            continuation.resume(throwing: LogUnavailable(
                "the batch is in the cluster log but this node has not applied it in time; it may still be applied (a repeat counts as duplicates)"))
        }
    }
}
