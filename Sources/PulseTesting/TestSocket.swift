import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection to a local test server, with deadlines on every read. Owned by
/// the one test that opened it; closed on deinit.
public final class TestSocket: @unchecked Sendable {
    public let descriptor: Int32
    /// Received bytes; those before `start` were already consumed.
    private var buffer: [UInt8] = []
    private var start = 0
    private var chunk = [UInt8](repeating: 0, count: 65536)

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Connects to 127.0.0.1:`port`; `receiveBuffer` shrinks the kernel buffer (slow-reader tests).
    public init(port: Int, receiveBuffer: Int32? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var noDelay: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            // No close here: a class whose init throws once every property is set still runs its
            // deinit, which closes the descriptor. Closing it here too (as before) closed it twice
            // (strace: close(6) = 0, close(6) = EBADF), and in between another thread may have been
            // given that number; a test process crashed once in Foundation's run loop set-up while
            // ports were probed beside a test starting processes, likely from this.
            throw Failure(description: "connect to port \(port) failed: errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    public func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += count
        }
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Exactly `count` bytes, waiting at most `timeout` seconds in all.
    public func read(count: Int, timeout: Double) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        while buffer.count - start < count { try fill(until: deadline) }
        let result = Array(buffer[start..<(start + count)])
        start += count
        return result
    }

    /// Bytes up to and including `delimiter`.
    public func read(until delimiter: [UInt8], timeout: Double) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let end = firstRange(of: delimiter) {
                let result = Array(buffer[start..<end])
                start = end
                return result
            }
            try fill(until: deadline)
        }
    }

    /// True when the peer closed the connection within `timeout` (any unread data is discarded).
    public func waitForClose(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            do { try fill(until: deadline) } catch let failure as Failure {
                return failure.description.hasPrefix("connection closed")
            } catch { return false }
            buffer.removeAll()
            start = 0
        }
    }

    private func firstRange(of delimiter: [UInt8]) -> Int? {
        guard buffer.count - start >= delimiter.count else { return nil }
        for index in start...(buffer.count - delimiter.count) where buffer[index] == delimiter[0] {
            if buffer[index..<(index + delimiter.count)].elementsEqual(delimiter) { return index + delimiter.count }
        }
        return nil
    }

    private func fill(until deadline: Date) throws {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw Failure(description: "timed out waiting for data") }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(remaining * 1000) + 1)
        guard ready > 0 else { throw Failure(description: "timed out waiting for data") }
        let count = recv(descriptor, &chunk, chunk.count, 0)
        guard count > 0 else { throw Failure(description: "connection closed (recv \(count), errno \(errno))") }
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 20 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: chunk[..<count])
    }
}
