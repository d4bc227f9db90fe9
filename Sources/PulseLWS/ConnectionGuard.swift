import Foundation
import PulseHub
import Synchronization

/// Admission control shared by every service thread of one server, so the limits hold across
/// threads: connections per client address, a per-address token bucket for HTTP requests, and
/// the WebSocket `Origin` rule. (Each WebSocket's message bucket lives in its connection record.)
/// Thread-safe: one lock, taken once per accepted socket and once per HTTP request.
final class ConnectionGuard: Sendable {
    private struct Counted {
        /// Open sockets per address: fd → the peer it had when accepted.
        var sockets: [String: [(fd: Int32, peer: String)]] = [:]
        var httpLimiter: RateLimiter
    }

    private let maxPerAddress: Int
    private let allowedOrigins: Set<String>
    private let messageRate: (rate: Double, burst: Double)
    private let counted: Mutex<Counted>

    init(_ configuration: LWSServerConfiguration) {
        maxPerAddress = configuration.maxConnectionsPerAddress
        allowedOrigins = Set(configuration.allowedOrigins.map { $0.lowercased() })
        messageRate = (configuration.webSocketMessagesPerSecond, configuration.webSocketBurst)
        counted = Mutex(Counted(httpLimiter: RateLimiter(rate: configuration.httpRequestsPerSecond, burst: configuration.httpBurst)))
    }

    /// Whether a just-accepted socket may stay. Sockets recorded earlier whose peer changed or
    /// which are gone (closed, or the descriptor reused) no longer count.
    func admit(fd: Int32) -> Bool {
        guard maxPerAddress > 0, let (address, peer) = Self.peer(fd) else { return true }
        return counted.withLock { counted in
            var open = (counted.sockets[address] ?? []).filter { $0.fd != fd && Self.peer($0.fd)?.full == $0.peer }
            guard open.count < maxPerAddress else {
                counted.sockets[address] = open
                return false
            }
            open.append((fd, peer))
            counted.sockets[address] = open
            return true
        }
    }

    /// Seconds to wait when `address` is over its HTTP request rate; nil when the request may go on.
    func limitHTTP(_ address: String) -> Double? {
        let now = Date().timeIntervalSince1970
        return counted.withLock { $0.httpLimiter.take(address, now: now) }
    }

    /// A full message bucket for a new WebSocket connection.
    func messageBucket() -> TokenBucket {
        TokenBucket(rate: messageRate.rate, burst: messageRate.burst, now: Date().timeIntervalSince1970)
    }

    /// The `Origin` rule: no Origin (not a browser) passes; with an allowlist the origin must be on
    /// it; without one the origin's host[:port] must equal the request's Host.
    func allowsOrigin(_ origin: String?, host: String?) -> Bool {
        guard let origin = origin?.lowercased() else { return true }
        if !allowedOrigins.isEmpty { return allowedOrigins.contains(origin) }
        guard let host = host?.lowercased(), let schemeEnd = origin.range(of: "://") else { return false }
        return origin[schemeEnd.upperBound...] == host
    }

    /// The peer address of a socket, alone and with its port.
    private static func peer(_ fd: Int32) -> (address: String, full: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let got = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard got == 0 else { return nil }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let resolved = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), &service, socklen_t(service.count), NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        guard resolved == 0 else { return nil }
        func text(_ buffer: [CChar]) -> String { String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        let address = text(host)
        return (address, address + "|" + text(service))
    }
}
