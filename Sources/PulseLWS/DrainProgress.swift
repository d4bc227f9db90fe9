import Synchronization

/// The graceful shutdown across service threads. WebSockets are closed only once requests have
/// finished on every thread (until then every thread keeps answering new requests with 503), so
/// this is the barrier between those steps. Each step is reported once for the whole server,
/// when the last thread reaches it, with the sum of the threads' counts (a deadline is reported
/// by the first thread that hits it). Thread-safe: called by every service thread.
final class DrainProgress: Sendable {
    private struct Arrivals {
        var threads = 0
        var requests = 0
        var webSockets = 0
    }

    private let threadCount: Int
    private let events: @Sendable (LWSServerEvent) -> Void
    private let arrivals = Mutex<[String: Arrivals]>([:])
    private let waiting = Mutex<(finished: Set<Int>, inboxes: [ServiceInbox])>(([], []))

    init(threadCount: Int, events: @escaping @Sendable (LWSServerEvent) -> Void) {
        self.threadCount = threadCount
        self.events = events
    }

    /// Registers a service thread's inbox, to be told when every thread's requests have finished.
    func register(_ inbox: ServiceInbox) { waiting.withLock { $0.inboxes.append(inbox) } }

    /// Service thread `index` has no request in flight any more; when it is the last one, every
    /// thread is told (`ServiceInbox.requestsFinishedEverywhere`) to close its WebSockets.
    func requestsFinished(on index: Int) {
        let inboxes = waiting.withLock { waiting -> [ServiceInbox] in
            guard waiting.finished.insert(index).inserted, waiting.finished.count == threadCount else { return [] }
            return waiting.inboxes
        }
        for inbox in inboxes { inbox.requestsFinishedEverywhere() }
    }

    /// One service thread reached `step` with `requests` in flight and `webSockets` open.
    func reached(_ step: String, requests: Int, webSockets: Int, reportFirst: Bool = false) {
        let totals = arrivals.withLock { arrivals -> Arrivals? in
            var entry = arrivals[step, default: Arrivals()]
            entry.threads += 1
            entry.requests += requests
            entry.webSockets += webSockets
            arrivals[step] = entry
            return entry.threads == (reportFirst ? 1 : threadCount) ? entry : nil
        }
        if let totals { events(.draining(step: step, requests: totals.requests, webSockets: totals.webSockets)) }
    }
}
