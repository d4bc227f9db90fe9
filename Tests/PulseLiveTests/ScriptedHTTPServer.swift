import Foundation
import PulseTesting
import Synchronization

/// A fake HTTP server on 127.0.0.1 that answers successive requests with canned responses (one
/// per request, over any number of connections) and records what it received. For retry tests.
final class ScriptedHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        var head: String
        var body: String
    }

    let port: Int
    private let listener: Int32
    private final class Log: Sendable {
        let requests = Mutex<[Request]>([])
    }
    private let received = Log()

    init(responses: [String]) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { throw TestSocket.Failure(description: "fake server cannot listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [received] in
            var remaining = responses[...]
            var connection: Int32 = -1
            var buffer: [UInt8] = []
            while let response = remaining.first {
                if connection < 0 { connection = accept(listener, nil, nil); buffer = [] }
                guard connection >= 0 else { return }
                guard let request = Self.readRequest(connection, &buffer) else { close(connection); connection = -1; continue }
                received.requests.withLock { $0.append(request) }
                _ = response.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                remaining = remaining.dropFirst()
            }
            if connection >= 0 { close(connection) }
        }
    }

    deinit { close(listener) }

    func requests() -> [Request] { received.requests.withLock { $0 } }

    private static func readRequest(_ connection: Int32, _ buffer: inout [UInt8]) -> Request? {
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if let end = buffer.firstRange(of: separator) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if buffer.count >= end.upperBound + length {
                    let body = String(decoding: buffer[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
                    buffer.removeSubrange(..<(end.upperBound + length))
                    return Request(head: head, body: body)
                }
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer += chunk[..<count]
        }
    }
}
