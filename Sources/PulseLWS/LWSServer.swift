import CLibWebSockets
import Foundation
import PulseHub
import Synchronization

/// Pulse's HTTP and WebSocket server on libwebsockets. `start()` binds; `run()` services the
/// connections on one dedicated thread (the only thread that touches `lws*` objects) until
/// `shutdown()`, which stops taking requests, finishes those in flight, closes WebSockets with
/// 1001 and returns. Every other thread reaches the service thread through `ServiceInbox`.
public final class LWSServer: @unchecked Sendable {
    public let configuration: LWSServerConfiguration
    let handler: any HTTPHandler
    let hub: Hub
    let inbox = ServiceInbox()

    // Service-thread state (touched only by the lws callback and the service loop).
    var context: OpaquePointer?
    var nextConnectionID: UInt64 = 0
    var connections: [UInt64: OpaquePointer] = [:]
    var webSockets: Set<UInt64> = []
    var eventStreams: [UInt64: EventStreamState] = [:]
    var exchanges: [UInt64: HTTPExchange] = [:]
    var partialMessages: [UInt64: [UInt8]] = [:]
    var draining = false
    var drainDeadline = Date.distantFuture
    let admission: ConnectionGuard
    private let tls: TLSSettings?

    private let protocols: UnsafeMutablePointer<lws_protocols>
    private let protocolName = strdup("pulse")!
    private let hostName: UnsafeMutablePointer<CChar>
    private let boundPort = Atomic<Int>(0)
    private let finished = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let hasFinished = Atomic<Bool>(false)

    public init(configuration: LWSServerConfiguration, handler: any HTTPHandler, hub: Hub) {
        self.configuration = configuration
        self.handler = handler
        self.hub = hub
        admission = ConnectionGuard(configuration)
        tls = TLSSettings(configuration)
        hostName = strdup(configuration.host)!
        protocols = .allocate(capacity: 2)
        protocols.initialize(repeating: lws_protocols(), count: 2)
        protocols[0].name = UnsafePointer(protocolName)
        protocols[0].callback = pulseServiceCallback
        protocols[0].per_session_data_size = MemoryLayout<UInt64>.size
        protocols[0].rx_buffer_size = 0
    }

    deinit {
        protocols.deallocate()
        free(protocolName)
        free(hostName)
    }

    /// The port actually bound (useful with port 0), once `start()` returned.
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// The headroom every outbound WebSocket message needs (LWS_PRE).
    public static var messageHeadroom: Int { Int(pulse_lws_pre()) }

    /// Creates the lws context and binds the listening socket.
    public func start() throws {
        lws_set_log_level(configuration.libraryLogLevel, pulseLWSLog)
        try TLSSettings.check(configuration)
        var info = lws_context_creation_info()
        info.port = Int32(configuration.port)
        info.iface = UnsafePointer(hostName)
        info.protocols = UnsafePointer(protocols)
        info.user = Unmanaged.passUnretained(self).toOpaque()
        info.options = pulse_lws_option_validate_utf8()
        if !configuration.host.contains(":") { info.options |= pulse_lws_option_disable_ipv6() }
        info.timeout_secs = UInt32(configuration.idleTimeoutSeconds)
        info.keepalive_timeout = Int32(configuration.idleTimeoutSeconds)
        info.timeout_secs_ah_idle = UInt32(configuration.idleTimeoutSeconds)  // slow headers (default 10 s)
        info.max_http_header_pool = 1024
        // Room for a request head of 32 KB (lws's default, 4 KB, drops longer heads unanswered):
        // enough for the longest query the documented limits allow (see Config/openapi.json).
        info.max_http_header_data = 32 << 10
        tls?.apply(to: &info)
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let softLimit = Int(min(limit.rlim_cur, 1 << 20))
        let wanted = configuration.maxConnections > 0 ? configuration.maxConnections : softLimit - 64
        info.fd_limit_per_thread = UInt32(max(64, min(wanted, softLimit - 64)))
        guard let context = lws_create_context(&info) else {
            throw LWSError("could not start the server on \(configuration.host):\(configuration.port) (address in use or not available?)")
        }
        self.context = context
        guard let vhost = lws_get_vhost_by_name(context, "default") else {
            lws_context_destroy(context)
            throw LWSError("libwebsockets created no default vhost")
        }
        let port = Int(lws_get_vhost_listen_port(vhost))
        guard port > 0 else {
            lws_context_destroy(context)
            throw LWSError("could not listen on \(configuration.host):\(configuration.port)")
        }
        boundPort.store(port, ordering: .releasing)
        inbox.attach(context)
        hub.attach(inbox)
    }

    /// Services connections on a dedicated thread until `shutdown()` completes.
    public func run() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            finished.withLock { $0 = continuation }
            let thread = Thread { [self] in
                serviceLoop()
                hasFinished.store(true, ordering: .releasing)
                finished.withLock { $0?.resume(); $0 = nil }
            }
            thread.name = "lws-service"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Asks the server to stop: in-flight requests finish, WebSockets close with 1001. Any thread.
    public func shutdown() {
        inbox.requestStop()
        // Wake the service loop regularly while it drains, so its deadline is noticed.
        Thread.detachNewThread { [self] in
            while !hasFinished.load(ordering: .acquiring) {
                usleep(50_000)
                inbox.wake()
            }
        }
    }

    private func serviceLoop() {
        guard let context else { return }
        while true {
            if lws_service(context, 0) < 0 { break }
            if draining && (isDrained || Date() > drainDeadline) { break }
        }
        hub.attach(nil)
        inbox.attach(nil)
        for id in webSockets.union(eventStreams.keys) { hub.disconnect(id) }
        lws_context_destroy(context)
        self.context = nil
    }

    /// True when no request is in flight and no WebSocket is open.
    private var isDrained: Bool {
        webSockets.isEmpty && eventStreams.isEmpty && !exchanges.values.contains { $0.inFlight }
    }

    /// Called on the service thread when the inbox has work.
    func drainInbox() {
        let (replies, hubWork, stop) = inbox.drain()
        for reply in replies {
            guard var exchange = exchanges[reply.connection], exchange.serial == reply.exchange,
                  let wsi = connections[reply.connection] else { continue }
            exchange.response = reply.response
            exchanges[reply.connection] = exchange
            lws_callback_on_writable(wsi)
        }
        if stop && !draining {
            draining = true
            drainDeadline = Date().addingTimeInterval(5)
            for id in webSockets { hub.close(id, code: 1001, reason: "server shutting down") }
            closeEventStreams()
        }
        if hubWork || stop { serviceHubWork() }
    }
}

/// A failure to start or run the server, with a message for the operator.
public struct LWSError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Routes libwebsockets' own log lines to standard error.
func pulseLWSLog(level: Int32, line: UnsafePointer<CChar>?) {
    guard let line else { return }
    FileHandle.standardError.write(Data(("lws: " + String(cString: line)).utf8))
}
