import CLibWebSockets
import Foundation
import PulseHub
#if canImport(Glibc)
import Glibc
#endif

/// One service thread of the server: its own libwebsockets context (without a listening socket:
/// it adopts the sockets `LWSListener` hands it), the connections it owns, and the loop that
/// services them. Only this thread touches its `lws*` objects and its `ServiceThreadState`;
/// every other thread reaches it through its `ServiceInbox`. Created and run by `LWSServer`.
final class LWSServiceThread: @unchecked Sendable {
    /// This thread's number (0..<count), also the top byte of its connections' ids.
    let index: Int
    let configuration: LWSServerConfiguration
    let handler: any HTTPHandler
    let hub: Hub
    let inbox = ServiceInbox()
    /// Limits that hold across every service thread of the server.
    let admission: ConnectionGuard
    /// The shutdown steps, reported once for the whole server.
    let drainProgress: DrainProgress
    /// Everything only this service thread may touch, checked in debug builds.
    let owned: ServiceThreadBound<ServiceThreadState>

    private let protocols: UnsafeMutablePointer<lws_protocols>
    private let protocolName = strdup("pulse")!
    private let hostName: UnsafeMutablePointer<CChar>
    let drainTimer: UnsafeMutablePointer<pulse_lws_timer>
    let tls: TLSSettings?
    /// Connections this thread holds at most: its share of `server.maxConnections`, else of the
    /// descriptor limit.
    let connectionShare: Int
    /// Creates the lws context.
    /// - Throws: `LWSError` when libwebsockets cannot create it (TLS files unusable).
    init(index: Int, of count: Int, configuration: LWSServerConfiguration, handler: any HTTPHandler, hub: Hub,
         admission: ConnectionGuard, drainProgress: DrainProgress) throws {
        self.index = index
        self.configuration = configuration
        self.handler = handler
        self.hub = hub
        self.admission = admission
        self.drainProgress = drainProgress
        owned = ServiceThreadBound(ServiceThreadState())
        tls = TLSSettings(configuration)
        connectionShare = Self.connectionShare(configuration, threads: count)
        hostName = strdup(configuration.host)!
        protocols = .allocate(capacity: 2)
        protocols.initialize(repeating: lws_protocols(), count: 2)
        protocols[0].name = UnsafePointer(protocolName)
        protocols[0].callback = pulseServiceCallback
        protocols[0].per_session_data_size = 0  // the connection id lives in the opaque user data
        protocols[0].rx_buffer_size = 0
        drainTimer = .allocate(capacity: 1)
        drainTimer.initialize(to: pulse_lws_timer())
        let context = try createContext(threads: count)
        owned.value.context = context
        guard lws_get_vhost_by_name(context, "default") != nil else {
            throw LWSError("libwebsockets created no default vhost")
        }
        drainTimer.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
        inbox.attach(context)
        drainProgress.register(inbox)
        hub.attach(inbox, serviceThread: index)
    }

    deinit {
        // A thread whose loop never ran still holds its context.
        if owned.isOwnedByCurrentThread, let context = owned.value.context { lws_context_destroy(context) }
        protocols.deallocate()
        drainTimer.deallocate()
        free(protocolName)
        free(hostName)
    }

    /// The soft descriptor limit of the process (`ulimit -n`).
    static func descriptorLimit() -> Int {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return limit.rlim_cur > rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
    }

    /// The budget (server.maxConnections, else the descriptor limit less 64) shared out evenly.
    static func connectionShare(_ configuration: LWSServerConfiguration, threads: Int) -> Int {
        let softLimit = min(descriptorLimit(), 1 << 20)
        let wanted = configuration.maxConnections > 0 ? configuration.maxConnections : softLimit - 64
        let total = max(64, min(wanted, softLimit - 64))
        return max(64, (total + threads - 1) / threads)
    }

    private func createContext(threads: Int) throws -> OpaquePointer {
        var info = lws_context_creation_info()
        info.port = Int32(pulse_lws_port_no_listen_server())
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
        // No fd_limit_per_thread: below `ulimit -n` lws 4.1 looks every descriptor up by a linear
        // scan of its table (`max_fds_unrelated_to_ulimit`), 34 % of the CPU at 10,000
        // subscribers. The connection budget is this thread's own count (see `adopt`); only a
        // descriptor limit above 2^20 is capped, to bound the table lws allocates.
        if Self.descriptorLimit() > 1 << 20 { info.fd_limit_per_thread = UInt32(1 << 20) }
        guard let context = lws_create_context(&info) else {
            throw LWSError("libwebsockets could not create the context of service thread \(index) (see its log above)")
        }
        return context
    }

    /// Services connections until the shutdown has drained this thread (call on its own thread).
    func serviceLoop() {
        owned.bind()
        guard let context = owned.value.context else { return }
        while owned.value.phase != .stopped {
            if lws_service(context, 0) < 0 { break }
            afterPass()
        }
        hub.attach(nil, serviceThread: index)
        inbox.attach(nil)
        for (id, record) in owned.value.records where record.kind != .http { hub.disconnect(id) }
        owned.value.context = nil
        lws_context_destroy(context)
    }

    /// Called on the service thread when the inbox has work.
    func drainInbox() {
        let (replies, sockets, hubWork, stop, finishedEverywhere) = inbox.drain()
        for socket in sockets { adopt(socket) }
        for reply in replies {
            let wsi = owned.value.withRecord(reply.connection) { record -> OpaquePointer? in
                guard record.exchange?.serial == reply.exchange else { return nil }
                record.exchange?.response = reply.response
                return record.wsi
            }
            if let wsi = wsi ?? nil {
                lws_callback_on_writable(wsi)
                owned.value.repliesToFlush.append(reply.connection)
            }
        }
        if stop && owned.value.phase == .serving { beginDrain() }
        if finishedEverywhere && !owned.value.requestsFinishedEverywhere {
            owned.value.requestsFinishedEverywhere = true
            advanceDrain()
        }
        if hubWork || stop { serviceHubWork() }
    }
}

extension LWSServiceThread {
    /// Takes an accepted socket into this thread's context (closed instead while draining, or
    /// when the thread holds its share of connections already).
    func adopt(_ socket: Int32) {
        guard !draining, let context = owned.value.context, let vhost = lws_get_vhost_by_name(context, "default") else {
            close(socket)
            return
        }
        guard owned.value.openSockets < connectionShare else {
            close(socket)
            hub.metrics.reject("connection_limit")
            return
        }
        var descriptor = lws_sock_file_fd_type()
        descriptor.sockfd = socket
        var type = LWS_ADOPT_SOCKET.rawValue | LWS_ADOPT_HTTP.rawValue
        if tls != nil { type |= LWS_ADOPT_ALLOW_SSL.rawValue }
        if lws_adopt_descriptor_vhost(vhost, lws_adoption_type(rawValue: type), descriptor, nil, nil) == nil {
            hub.metrics.reject("connection_limit")
        }
    }
}

/// A failure to start or run the server, with a message for the operator.
public struct LWSError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
