import CLibWebSockets
import Foundation
import PulseAnalytics
import PulseHub
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Pulse's HTTP and WebSocket server on libwebsockets: one listening socket (`LWSListener`, on
/// its accept thread) dealing accepted connections in turn to `configuration.serviceThreads`
/// service threads (`LWSServiceThread`), each a libwebsockets context of its own that owns the
/// connections it was given. Admission limits and the hub's slow-consumer policy hold across
/// threads; a delta is encoded once and shared by all. `init` binds; `run()` serves until a
/// `shutdown()` has drained every thread.
///
/// Graceful shutdown: the listener stops (new connections are refused); on every service thread,
/// new requests on open connections get 503, requests in flight finish, then WebSockets are
/// closed with 1001; a thread's loop ends when none is left, or after `drainSeconds`.
public final class LWSServer: Sendable {
    public let configuration: LWSServerConfiguration
    private let listener: LWSListener
    private let threads: [LWSServiceThread]
    private let nextThread = Atomic<Int>(0)
    private let admission: ConnectionGuard

    /// Binds the listening socket and creates the service threads' contexts.
    /// - Throws: `LWSError` when the address cannot be bound or TLS files are unusable.
    public init(configuration: LWSServerConfiguration, handler: any HTTPHandler, hub: Hub) throws {
        self.configuration = configuration
        let count = max(1, configuration.serviceThreads)
        precondition(hub.configuration.serviceThreads == count, "the hub needs one shard per service thread")
        LibraryLog.route(level: configuration.libraryLogLevel, to: configuration.events)
        try TLSSettings.check(configuration)
        listener = try LWSListener(host: configuration.host, port: configuration.port)
        let admission = ConnectionGuard(configuration)
        self.admission = admission
        let drainProgress = DrainProgress(threadCount: count, events: configuration.events)
        threads = try (0..<count).map { index in
            try LWSServiceThread(index: index, of: count, configuration: configuration, handler: handler, hub: hub,
                                 admission: admission, drainProgress: drainProgress)
        }
    }

    /// The port bound (useful with port 0).
    public var port: Int { listener.port }

    /// Services connections on the server's own threads until a `shutdown()` has drained every
    /// one of them; returns when all have ended.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await Self.onThread("pulse-accept") { [self] in listener.acceptLoop(report: { configuration.events(.accepting(problem: $0)) }, deal) } }
            for thread in threads {
                group.addTask { await Self.onThread("pulse-svc-\(thread.index)") { thread.serviceLoop() } }
            }
        }
    }

    /// Starts the graceful shutdown: stops listening, then drains every service thread. Any
    /// thread; idempotent.
    public func shutdown() {
        listener.stop()
        for thread in threads { thread.inbox.requestStop() }
    }

    /// Admission for an accepted socket, then the next service thread in turn adopts it (accept thread).
    private func deal(_ socket: Int32) {
        guard admission.admit(fd: socket) else {
            close(socket)
            return
        }
        let turn = nextThread.wrappingAdd(1, ordering: .relaxed).oldValue
        threads[turn % threads.count].inbox.adopt(socket)
    }

    /// Runs `body` on a new thread named `name` (as the kernel shows it, at most 15 bytes).
    private static func onThread(_ name: String, _ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                DedicatedThread.nameCurrentThread(name)
                body()
                continuation.resume()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
