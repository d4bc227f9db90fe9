import CLibWebSockets
import Foundation
import PulseAnalytics

/// One WebSocket client connection on libwebsockets' client API (plain `ws://` only).
///
/// `connect()` resolves the host on the calling thread (lws' own lookup would block its loop),
/// then starts a dedicated service thread that owns its own lws context (no listening port) and
/// every `lws*` object; it lives until the connection ends. Other threads talk to it only through
/// a `ClientMailbox`: `send(_:)` and `close(code:reason:)` queue requests and wake the loop with
/// `lws_cancel_service`; `next(timeout:)` returns the connection's events in order. Each text
/// message is copied into a buffer of its own before `lws_write`, since a client masks its frames
/// in place. One client object makes one connection; reconnecting means a new client.
public final class LWSWebSocketClient: @unchecked Sendable {
    /// What happens on the connection, in order; `.closed` or `.failed` comes last, exactly once.
    public enum Event: Sendable {
        /// The handshake finished; sends go out from now on (earlier ones were queued).
        case opened
        /// One complete text message (binary messages are dropped).
        case message([UInt8])
        /// The connection ended after opening: the peer's close code and reason, the code this
        /// client closed with, or 1006 when the connection dropped without a close frame.
        case closed(code: Int, reason: String)
        /// The connection never opened: refused, unreachable, timed out, or refused in the
        /// handshake with an HTTP status (`httpStatus`, e.g. 404 or 503).
        case failed(reason: String, httpStatus: Int?)
    }

    public let url: ClientURL
    public let maxMessageBytes: Int
    let mailbox: ClientMailbox

    /// What the client's service thread owns, checked in debug builds.
    struct ServiceState {
        var connection: OpaquePointer?
        var established = false
        var partialMessage: [UInt8] = []
        var pendingWrites: [[UInt8]] = []
        var closeRequest: (code: UInt16, reason: String)?
        var localClose: (code: Int, reason: String)?
        var peerClose: (code: Int, reason: String)?
        var finished = false
    }

    let owned = ServiceThreadBound(ServiceState())

    private let protocols: UnsafeMutablePointer<lws_protocols>
    private let protocolName = strdup("pulse-client")!
    private let retryPolicy: UnsafeMutablePointer<lws_retry_bo_t>
    private let connectTimeoutSeconds: Int

    /// - Parameters:
    ///   - url: a `ws://` URL.
    ///   - maxMessageBytes: a longer incoming message closes the connection with 1009.
    ///   - bufferedBytesLimit: undelivered message bytes above which reading pauses.
    ///   - connectTimeoutSeconds: time allowed for TCP connect plus handshake.
    ///   - idlePingSeconds: idle time before a ping; no answer within twice that drops the connection.
    public init(url: ClientURL, maxMessageBytes: Int = 16 << 20, bufferedBytesLimit: Int = 8 << 20,
                connectTimeoutSeconds: Int = 10, idlePingSeconds: Int = 30) {
        self.url = url
        self.maxMessageBytes = maxMessageBytes
        self.connectTimeoutSeconds = connectTimeoutSeconds
        mailbox = ClientMailbox(pauseAbove: max(bufferedBytesLimit, maxMessageBytes))
        protocols = .allocate(capacity: 2)
        protocols.initialize(repeating: lws_protocols(), count: 2)
        protocols[0].name = UnsafePointer(protocolName)
        protocols[0].callback = pulseClientCallback
        protocols[0].rx_buffer_size = 65536
        retryPolicy = .allocate(capacity: 1)
        retryPolicy.initialize(to: lws_retry_bo_t())
        retryPolicy.pointee.secs_since_valid_ping = UInt16(clamping: idlePingSeconds)
        retryPolicy.pointee.secs_since_valid_hangup = UInt16(clamping: idlePingSeconds * 2)
    }

    deinit {
        protocols.deallocate()
        retryPolicy.deallocate()
        free(protocolName)
    }

    /// Silences libwebsockets' own notices, keeping errors (on stderr). For command-line tools.
    public static func quietLibraryLogs() {
        LibraryLog.route(level: Int32(LLL_ERR), to: { event in
            if case .library(_, let line) = event { LibraryLog.printToStandardError(line) }
        })
    }

    /// Resolves the host (blocking) and starts connecting on a new service thread.
    /// - Throws: `LWSError` when the host does not resolve.
    public func connect() throws {
        let address = try HostResolver.resolve(url.host, port: url.port)[0].numeric
        let thread = Thread { [self] in
            DedicatedThread.nameCurrentThread("pulse-ws-client")
            serviceLoop(address: address)
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Queues one text message. Any thread.
    public func send(_ text: String) { mailbox.send(Array(text.utf8)) }

    /// Closes with `code` (after queued sends), or abandons a connection still opening. Any thread.
    public func close(code: UInt16 = 1000, reason: String = "") {
        mailbox.requestClose(code: code, reason: reason)
    }

    /// The next event, waiting at most `timeout` seconds (nil: forever); nil on time-out and
    /// after the final event. Meant for one consuming thread.
    public func next(timeout: Double? = nil) -> Event? { mailbox.next(timeout: timeout) }

    private func serviceLoop(address: String) {
        owned.bind()
        var info = lws_context_creation_info()
        info.port = pulse_lws_port_no_listen()
        info.protocols = UnsafePointer(protocols)
        info.user = Unmanaged.passUnretained(self).toOpaque()
        info.timeout_secs = UInt32(connectTimeoutSeconds)
        info.fd_limit_per_thread = 16
        guard let context = lws_create_context(&info) else {
            mailbox.deliver(.failed(reason: "could not create a libwebsockets client context", httpStatus: nil))
            return
        }
        mailbox.attach(context)
        let started = address.withCString { addressText in
            url.hostHeader.withCString { hostText in
                (url.path.isEmpty ? "/" : url.path).withCString { pathText in
                    var request = lws_client_connect_info()
                    request.context = context
                    request.address = addressText
                    request.port = Int32(url.port)
                    request.host = hostText
                    request.path = pathText
                    request.local_protocol_name = UnsafePointer(protocolName)
                    request.retry_and_idle_policy = UnsafePointer(retryPolicy)
                    return lws_client_connect_via_info(&request)
                }
            }
        }
        if started == nil {
            mailbox.deliver(.failed(reason: "could not start connecting to \(url.hostHeader)", httpStatus: nil))
            finished = true
        }
        while !finished {
            if lws_service(context, 0) < 0 { break }
        }
        mailbox.attach(nil)
        if !mailbox.hasDeliveredFinalEvent {
            let ending = localClose ?? closeRequest.map { (Int($0.code), $0.reason) } ?? (1006, "connection dropped")
            mailbox.deliver(established ? .closed(code: ending.0, reason: ending.1) : .failed(reason: "connection abandoned", httpStatus: nil))
        }
        lws_context_destroy(context)
    }
}
