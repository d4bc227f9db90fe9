import CLibWebSockets
import Foundation
import PulseHub
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Pulse's HTTP and WebSocket server on libwebsockets. `init` creates the lws context and binds
/// the listening socket; `run()` services the connections on one dedicated thread, the only one
/// that touches `lws*` objects, and returns once a `shutdown()` has drained it. Every other thread
/// reaches the service thread through `ServiceInbox`.
///
/// Graceful shutdown, in this order: new connections are refused and new requests on open ones
/// get 503; requests in flight finish; then WebSockets are closed with 1001; the loop ends when
/// none is left, or after `drainSeconds`. Driven by events and an lws timer, never by polling.
public final class LWSServer: @unchecked Sendable {
    public let configuration: LWSServerConfiguration
    let handler: any HTTPHandler
    let hub: Hub
    let inbox = ServiceInbox()
    /// Everything only the service thread may touch, checked in debug builds.
    let owned: ServiceThreadBound<ServiceThreadState>

    private let protocols: UnsafeMutablePointer<lws_protocols>
    private let protocolName = strdup("pulse")!
    private let hostName: UnsafeMutablePointer<CChar>
    let drainTimer: UnsafeMutablePointer<pulse_lws_timer>
    private let tls: TLSSettings?
    private var boundPort: Int

    /// Creates the lws context and binds the listening socket.
    /// - Throws: `LWSError` when the address cannot be bound or TLS files are unusable.
    public init(configuration: LWSServerConfiguration, handler: any HTTPHandler, hub: Hub) throws {
        self.configuration = configuration
        self.handler = handler
        self.hub = hub
        owned = ServiceThreadBound(ServiceThreadState(admission: ConnectionGuard(configuration)))
        tls = TLSSettings(configuration)
        hostName = strdup(configuration.host)!
        protocols = .allocate(capacity: 2)
        protocols.initialize(repeating: lws_protocols(), count: 2)
        protocols[0].name = UnsafePointer(protocolName)
        protocols[0].callback = pulseServiceCallback
        protocols[0].per_session_data_size = MemoryLayout<UInt64>.size
        protocols[0].rx_buffer_size = 0
        drainTimer = .allocate(capacity: 1)
        drainTimer.initialize(to: pulse_lws_timer())
        boundPort = 0
        LibraryLog.route(level: configuration.libraryLogLevel, to: configuration.events)
        try TLSSettings.check(configuration)
        let context = try createContext()
        owned.value.context = context
        guard let vhost = lws_get_vhost_by_name(context, "default") else {
            throw LWSError("libwebsockets created no default vhost")
        }
        let port = Int(lws_get_vhost_listen_port(vhost))
        guard port > 0 else { throw LWSError("could not listen on \(configuration.host):\(configuration.port)") }
        boundPort = port
        drainTimer.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
        inbox.attach(context)
        hub.attach(inbox)
    }

    deinit {
        // A server whose run() never ran still holds its context.
        if owned.isOwnedByCurrentThread, let context = owned.value.context { lws_context_destroy(context) }
        protocols.deallocate()
        drainTimer.deallocate()
        free(protocolName)
        free(hostName)
    }

    /// The port actually bound (useful with port 0).
    public var port: Int { boundPort }

    /// The headroom every outbound WebSocket message needs (LWS_PRE).
    public static var messageHeadroom: Int { Int(pulse_lws_pre()) }

    private func createContext() throws -> OpaquePointer {
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
        // Above maxHeaderBytes (room to answer 431) and room for the longest documented query.
        info.max_http_header_data = UInt16(Self.headerBufferBytes)
        tls?.apply(to: &info)
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let softLimit = Int(min(limit.rlim_cur, 1 << 20))
        let wanted = configuration.maxConnections > 0 ? configuration.maxConnections : softLimit - 64
        info.fd_limit_per_thread = UInt32(max(64, min(wanted, softLimit - 64)))
        guard let context = lws_create_context(&info) else {
            throw LWSError("could not start the server on \(configuration.host):\(configuration.port) (address in use or not available?)")
        }
        return context
    }

    /// Services connections on the server's own service thread until a `shutdown()` has drained
    /// the server; returns when that thread has ended.
    public func run() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread { [self] in
                serviceLoop()
                continuation.resume()
            }
            thread.name = "lws-service"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Starts the graceful shutdown (see the type's documentation). Any thread; idempotent.
    public func shutdown() { inbox.requestStop() }

    private func serviceLoop() {
        owned.bind()
        guard let context = owned.value.context else { return }
        while owned.value.phase != .stopped {
            if lws_service(context, 0) < 0 { break }
        }
        hub.attach(nil)
        inbox.attach(nil)
        for id in owned.value.webSockets.union(owned.value.eventStreams.keys) { hub.disconnect(id) }
        owned.value.context = nil
        lws_context_destroy(context)
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
        if stop && owned.value.phase == .serving { beginDrain() }
        if hubWork || stop { serviceHubWork() }
    }
}

/// A failure to start or run the server, with a message for the operator.
public struct LWSError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
