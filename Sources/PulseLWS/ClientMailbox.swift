import CLibWebSockets
import Foundation

/// The two queues between a `LWSWebSocketClient`'s caller threads and its service thread,
/// under one lock. Requests (sends, close, resume reading) go in and wake the service thread
/// with `lws_cancel_service` (under the lock, and never after the context is detached); events
/// come out to a blocking `next(timeout:)`. Counting the bytes of undelivered messages lets
/// the service thread stop reading the socket while the caller lags (back-pressure), and the
/// caller ask it to resume once it caught up.
final class ClientMailbox: @unchecked Sendable {
    struct Requests {
        var outgoing: [[UInt8]] = []
        var close: (code: UInt16, reason: String)?
        var resumeReading = false
    }

    private let condition = NSCondition()
    private var context: ContextHandle?
    private var requests = Requests()
    private var events: [LWSWebSocketClient.Event] = []
    private var head = 0
    private var queuedBytes = 0
    private var readingPaused = false
    private var terminalQueued = false
    private var terminalTaken = false
    private let pauseAbove: Int
    private let resumeBelow: Int

    init(pauseAbove: Int) {
        self.pauseAbove = pauseAbove
        resumeBelow = pauseAbove / 2
    }

    func attach(_ context: OpaquePointer?) {
        condition.withLock { self.context = context.map(ContextHandle.init) }
    }

    // MARK: caller side

    func send(_ bytes: [UInt8]) {
        condition.withLock {
            requests.outgoing.append(bytes)
            wakeServiceThread()
        }
    }

    func requestClose(code: UInt16, reason: String) {
        condition.withLock {
            if requests.close == nil { requests.close = (code, reason) }
            wakeServiceThread()
        }
    }

    /// The next event, waiting at most `timeout` seconds (nil: forever). Nil on time-out, and at
    /// once for every call after the final `.closed`/`.failed` event was taken.
    func next(timeout: Double?) -> LWSWebSocketClient.Event? {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        condition.lock()
        defer { condition.unlock() }
        while head == events.count {
            if terminalTaken { return nil }
            if let deadline {
                if !condition.wait(until: deadline) && head == events.count { return nil }
            } else {
                condition.wait()
            }
        }
        let event = events[head]
        head += 1
        if head == events.count { events.removeAll(keepingCapacity: true); head = 0 }
        queuedBytes -= event.byteCount
        switch event {
        case .closed, .failed: terminalTaken = true
        default: break
        }
        if readingPaused && queuedBytes <= resumeBelow {
            readingPaused = false
            requests.resumeReading = true
            wakeServiceThread()
        }
        return event
    }

    // MARK: service-thread side

    /// Everything requested since the last call.
    func takeRequests() -> Requests {
        condition.withLock {
            let taken = requests
            requests = Requests()
            return taken
        }
    }

    /// Queues an event for the caller. Returns true when the caller lags so far behind that the
    /// service thread should stop reading until a resume request arrives. After a final event,
    /// later ones are dropped (exactly one `.closed` or `.failed` reaches the caller).
    @discardableResult
    func deliver(_ event: LWSWebSocketClient.Event) -> Bool {
        condition.withLock {
            if terminalQueued { return false }
            switch event {
            case .closed, .failed: terminalQueued = true
            default: break
            }
            events.append(event)
            queuedBytes += event.byteCount
            condition.signal()
            if !readingPaused && queuedBytes > pauseAbove {
                readingPaused = true
                return true
            }
            return false
        }
    }

    var hasDeliveredFinalEvent: Bool { condition.withLock { terminalQueued } }

    /// Called with the lock held.
    private func wakeServiceThread() {
        if let context { lws_cancel_service(context.pointer) }
    }
}

extension LWSWebSocketClient.Event {
    var byteCount: Int {
        if case .message(let bytes) = self { return bytes.count }
        return 0
    }
}
