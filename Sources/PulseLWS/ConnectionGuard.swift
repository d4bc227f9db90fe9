import Foundation
import PulseHub

/// Admission control on the service thread: connections per client address, a per-address token
/// bucket for HTTP requests, one per WebSocket connection for its messages (many browsers may
/// share one address behind NAT or a proxy), and the WebSocket `Origin` rule. Owned by
/// the service thread (no locking).
final class ConnectionGuard {
    private let maxPerAddress: Int
    private let allowedOrigins: Set<String>
    private(set) var httpLimiter: RateLimiter
    private(set) var messageLimiter: RateLimiter
    /// Open sockets per address: fd → the peer it had when accepted.
    private var sockets: [String: [(fd: Int32, peer: String)]] = [:]

    init(_ configuration: LWSServerConfiguration) {
        maxPerAddress = configuration.maxConnectionsPerAddress
        allowedOrigins = Set(configuration.allowedOrigins.map { $0.lowercased() })
        httpLimiter = RateLimiter(rate: configuration.httpRequestsPerSecond, burst: configuration.httpBurst)
        messageLimiter = RateLimiter(rate: configuration.webSocketMessagesPerSecond, burst: configuration.webSocketBurst)
    }

    /// Whether a just-accepted socket may stay. Sockets recorded earlier whose peer changed or
    /// which are gone (closed, or the descriptor reused) no longer count.
    func admit(fd: Int32) -> Bool {
        guard maxPerAddress > 0, let (address, peer) = Self.peer(fd) else { return true }
        var open = (sockets[address] ?? []).filter { $0.fd != fd && Self.peer($0.fd)?.full == $0.peer }
        guard open.count < maxPerAddress else {
            sockets[address] = open
            return false
        }
        open.append((fd, peer))
        sockets[address] = open
        return true
    }

    /// Seconds to wait when `address` is over its HTTP request rate; nil when the request may go on.
    func limitHTTP(_ address: String) -> Double? { httpLimiter.take(address, now: Date().timeIntervalSince1970) }

    /// True when WebSocket connection `id` is over its message rate.
    func limitMessage(_ id: UInt64) -> Bool { messageLimiter.take(String(id), now: Date().timeIntervalSince1970) != nil }

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
