import Foundation
import PulseLWS

/// A small blocking HTTP/1.1 client over one keep-alive TCP connection (POSIX sockets), enough
/// for `pulse post`: requests with a `Content-Length` body, responses with a `Content-Length`
/// body. It reconnects on the next request after the server closed the connection. Owned by
/// one thread.
final class HTTPClient {
    struct Response {
        var status: Int
        /// Header names lower-cased.
        var headers: [String: String]
        var body: [UInt8]
    }

    /// A connection or protocol failure (the request may or may not have reached the server).
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let url: ClientURL
    private let timeoutSeconds: Int
    private var socket: Int32 = -1
    private var input: [UInt8] = []

    init(url: ClientURL, timeoutSeconds: Int = 120) {
        self.url = url
        self.timeoutSeconds = timeoutSeconds
    }

    deinit { disconnect() }

    /// Sends one request and reads its response.
    func send(method: String, path: String, headers: [(String, String)], body: [UInt8]) throws -> Response {
        if socket < 0 { try connect() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(url.hostHeader)\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        do {
            try write(Array(head.utf8))
            try write(body)
            let response = try readResponse()
            if response.headers["connection"]?.lowercased() == "close" { disconnect() }
            return response
        } catch {
            disconnect()
            throw error
        }
    }

    func disconnect() {
        if socket >= 0 { close(socket) }
        socket = -1
        input.removeAll()
    }

    private func connect() throws {
        let addresses: [ResolvedAddress]
        do { addresses = try HostResolver.resolve(url.host, port: url.port) } catch { throw Failure(description: "\(error)") }
        var lastError = ""
        for address in addresses {
            let descriptor = Foundation.socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { lastError = String(cString: strerror(errno)); continue }
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var on: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            let status = address.socketAddress.withUnsafeBytes {
                Foundation.connect(descriptor, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
            }
            if status == 0 {
                socket = descriptor
                return
            }
            lastError = String(cString: strerror(errno))
            close(descriptor)
        }
        throw Failure(description: "cannot connect to \(url.hostHeader): \(lastError)")
    }

    private func write(_ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { Foundation.send(socket, $0.baseAddress! + done, bytes.count - done, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "sending to \(url.hostHeader) failed: \(String(cString: strerror(errno)))")
            }
            done += count
        }
    }

    private func readResponse() throws -> Response {
        while true {
            let headEnd = try readUntilHeadEnd()
            let head = String(decoding: input[..<headEnd], as: UTF8.self)
            input.removeSubrange(..<(headEnd + 4))
            var lines = head.components(separatedBy: "\r\n")
            let statusWords = lines.removeFirst().split(separator: " ")
            guard statusWords.count >= 2, statusWords[0].hasPrefix("HTTP/1."), let status = Int(statusWords[1]) else {
                throw Failure(description: "\(url.hostHeader) did not answer with HTTP/1.1")
            }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            if status == 100 { continue }
            guard headers["transfer-encoding"] == nil else {
                throw Failure(description: "\(url.hostHeader) answered with a chunked body, which this client does not read")
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while input.count < length { try receive() }
            let body = Array(input[..<length])
            input.removeSubrange(..<length)
            return Response(status: status, headers: headers, body: body)
        }
    }

    private func readUntilHeadEnd() throws -> Int {
        var searchFrom = 0
        while true {
            if input.count >= 4 {
                var index = searchFrom
                while index + 3 < input.count {
                    if input[index] == 13 && input[index + 1] == 10 && input[index + 2] == 13 && input[index + 3] == 10 { return index }
                    index += 1
                }
                searchFrom = max(0, input.count - 3)
            }
            guard input.count < 1 << 20 else { throw Failure(description: "\(url.hostHeader) sent an over-long response head") }
            try receive()
        }
    }

    private func receive() throws {
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var count: Int
        repeat {
            count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
        } while count < 0 && errno == EINTR
        if count < 0 {
            let reason = errno == EAGAIN ? "no answer within \(timeoutSeconds) s" : String(cString: strerror(errno))
            throw Failure(description: "reading from \(url.hostHeader) failed: \(reason)")
        }
        if count == 0 { throw Failure(description: "\(url.hostHeader) closed the connection") }
        input.append(contentsOf: chunk[..<count])
    }
}
