import Foundation

/// One resolved socket address of a host: its family, numeric text and `sockaddr` bytes.
/// A value type, safe to share across threads.
public struct ResolvedAddress: Sendable {
    public var family: Int32
    /// The address as numeric text (`127.0.0.1`, `::1`), what libwebsockets is given.
    public var numeric: String
    /// The raw `sockaddr_in`/`sockaddr_in6` with the port filled in, for `connect(2)`.
    public var socketAddress: [UInt8]
}

/// Blocking name resolution through `getaddrinfo`, done by the caller before any event loop
/// runs (libwebsockets' own resolution would block its service thread). Any thread.
public enum HostResolver {
    /// Every TCP address of `host`, IPv4 first (a hub bound to 127.0.0.1 is not on `::1`).
    /// - Throws: `LWSError` when the name does not resolve.
    public static func resolve(_ host: String, port: Int) throws -> [ResolvedAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == 0 ? "no address" : String(cString: gai_strerror(status))
            throw LWSError("cannot resolve host '\(host)': \(reason)")
        }
        defer { freeaddrinfo(list) }
        var found: [ResolvedAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            let family = entry.pointee.ai_family
            guard family == AF_INET || family == AF_INET6, let address = entry.pointee.ai_addr else { continue }
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, entry.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            let bytes = [UInt8](UnsafeRawBufferPointer(start: address, count: Int(entry.pointee.ai_addrlen)))
            let numeric = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if found.contains(where: { $0.numeric == numeric }) { continue }
            found.append(ResolvedAddress(family: family, numeric: numeric, socketAddress: bytes))
        }
        guard !found.isEmpty else { throw LWSError("cannot resolve host '\(host)': no IPv4 or IPv6 address") }
        return found.filter { $0.family == AF_INET } + found.filter { $0.family == AF_INET6 }
    }
}
