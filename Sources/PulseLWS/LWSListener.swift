import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The server's one listening socket and its accept loop, on a dedicated thread ("pulse-accept"):
/// each accepted socket passes admission (shared limits) and is handed to the next service
/// thread in turn, which adopts it into its own libwebsockets context. (Debian's libwebsockets
/// is built with LWS_MAX_SMP 1, so it never sets SO_REUSEPORT itself: one listener that deals
/// out connections replaces a listening socket per context, and spreads them evenly.)
final class LWSListener: Sendable {
    private let fd: Int32
    /// The port bound (the one picked when asked for port 0).
    let port: Int
    private let stopped = Atomic<Bool>(false)

    /// Binds and listens on `host:port`.
    /// - Throws: `LWSError` naming the address and the reason when it cannot.
    init(host: String, port: Int) throws {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &found)
        guard resolved == 0, let address = found else {
            throw LWSError("could not start the server on \(host):\(port): '\(host)' is not a numeric IPv4 or IPv6 address")
        }
        defer { freeaddrinfo(found) }
        let fd = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LWSError("could not open a socket: \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        if address.pointee.ai_family == AF_INET6 {
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        guard bind(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0, listen(fd, SOMAXCONN) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LWSError("could not start the server on \(host):\(port): \(reason)")
        }
        var bound = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: withUnsafeBytes(of: &bound) { $0.load(fromByteOffset: 2, as: UInt16.self) }))
    }

    deinit { close(fd) }

    /// Accepts until `stop()`, handing each socket to `deliver` (on the calling thread, which
    /// blocks: run it on a thread of its own).
    func acceptLoop(report: (String) -> Void, _ deliver: (Int32) -> Void) {
        var outOfDescriptors = false
        while !stopped.load(ordering: .acquiring) {
            let accepted = accept(fd, nil, nil)
            if accepted >= 0 {
                _ = fcntl(accepted, F_SETFD, FD_CLOEXEC)
                var on: Int32 = 1
                setsockopt(accepted, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                outOfDescriptors = false
                deliver(accepted)
                continue
            }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO:
                continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                // Out of descriptors: wait for some to close instead of spinning on accept.
                if !outOfDescriptors { report("\(String(cString: strerror(errno))); retrying every 20 ms") }
                outOfDescriptors = true
                usleep(20_000)
            default:
                // EINVAL after stop(): the socket no longer listens.
                if !stopped.load(ordering: .acquiring) { report("accept failed: \(String(cString: strerror(errno))); no longer accepting") }
                return
            }
        }
    }

    /// Stops listening: new connections are refused from now on, and `acceptLoop` returns.
    /// Any thread; idempotent.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        shutdown(fd, Int32(SHUT_RDWR))
    }
}
