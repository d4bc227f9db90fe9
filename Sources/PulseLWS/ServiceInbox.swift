import CLibWebSockets
import PulseHub
import Synchronization

/// The one way into the service thread: producers (the acceptor, request tasks, the hub) put work here and
/// wake libwebsockets with `lws_cancel_service`; the service thread drains it on
/// `LWS_CALLBACK_EVENT_WAIT_CANCELLED`. The wake happens under the lock, and the context is
/// detached before it is destroyed, so a late producer never touches a dead context. Wakes are
/// coalesced: only the first producer after a `drain` calls `lws_cancel_service` (a pipe write),
/// the others find that wake still pending, and the drain takes everything.
final class ServiceInbox: HubTransport, @unchecked Sendable {
    /// A finished HTTP response for connection `connection`, transaction `exchange`.
    struct Reply {
        var connection: UInt64
        var exchange: UInt64
        var response: HTTPResponse
    }

    private struct Contents {
        var context: ContextHandle?
        var replies: [Reply] = []
        var sockets: [Int32] = []
        var hubWork = false
        /// A stop was requested and no drain has taken it yet.
        var stopRequested = false
        /// A drain has reported the stop: it is reported once, and later requests are ignored.
        var stopTaken = false
        var requestsFinishedEverywhere = false
        /// A wake was issued and the service thread has not drained since.
        var wakePending = false

        /// Wakes the service thread unless a wake is pending already (call under the lock).
        mutating func wake() {
            guard !wakePending, let context else { return }
            wakePending = true
            lws_cancel_service(context.pointer)
        }
    }

    private let contents = Mutex(Contents())

    func attach(_ context: OpaquePointer?) {
        let handle = context.map(ContextHandle.init)
        contents.withLock {
            $0.context = handle
            $0.wakePending = false
        }
    }

    func post(_ reply: Reply) {
        contents.withLock {
            $0.replies.append(reply)
            $0.wake()
        }
    }

    /// An accepted socket for this service thread to adopt.
    func adopt(_ socket: Int32) {
        contents.withLock {
            $0.sockets.append(socket)
            $0.wake()
        }
    }

    /// HubTransport: the hub has messages or closes waiting.
    func wake() {
        contents.withLock {
            $0.hubWork = true
            $0.wake()
        }
    }

    /// The drain's barrier has passed: every service thread has finished its requests.
    func requestsFinishedEverywhere() {
        contents.withLock {
            $0.requestsFinishedEverywhere = true
            $0.wake()
        }
    }

    /// Asks the service thread to begin its graceful shutdown; the next drain reports it, once.
    /// Any thread; idempotent.
    func requestStop() {
        contents.withLock {
            guard !$0.stopTaken else { return }
            $0.stopRequested = true
            $0.wake()
        }
    }

    /// Whether anything waits (the service thread looks after each pass of its loop, so work that
    /// came during a pass need not wait for the next `poll()` to see the wake-up).
    var hasWork: Bool {
        contents.withLock { !$0.replies.isEmpty || !$0.sockets.isEmpty || $0.hubWork || $0.stopRequested }
    }

    /// Everything waiting, emptied in one step (service thread). `stop` is true in exactly one
    /// drain, the first after `requestStop()`, so that `hasWork` does not stay true all shutdown.
    func drain() -> (replies: [Reply], sockets: [Int32], hubWork: Bool, stop: Bool, requestsFinishedEverywhere: Bool) {
        contents.withLock {
            let taken = ($0.replies, $0.sockets, $0.hubWork, $0.stopRequested, $0.requestsFinishedEverywhere)
            $0.replies = []
            $0.sockets = []
            $0.hubWork = false
            if $0.stopRequested {
                $0.stopRequested = false
                $0.stopTaken = true
            }
            $0.wakePending = false
            return taken
        }
    }
}

/// An lws context pointer that may cross threads only to reach `lws_cancel_service`.
struct ContextHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
