import Foundation
import PulseHub

/// A minimal HTTP/1.1 client over one keep-alive `TestSocket`, for live tests: it sends exactly
/// what it is told (so tests can send odd requests) and parses `Content-Length` responses.
public final class TestHTTPClient: @unchecked Sendable {
    /// A parsed response.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
        /// The body parsed as JSON (nil when it is not JSON).
        public var json: JSONValue? { try? JSONParser.parse(body) }
    }

    public let socket: TestSocket

    public init(port: Int) throws { socket = try TestSocket(port: port) }

    /// Sends a request with the given headers; adds Host and, when there is a body, Content-Length.
    public func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = [],
                        contentLength: Bool = true, timeout: Double = 10) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if contentLength && (!body.isEmpty || method == "POST") { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try socket.write(Array(head.utf8) + body)
        return try readResponse(timeout: timeout)
    }

    /// POSTs `body` with a content type.
    public func post(_ path: String, _ body: String, contentType: String = "application/json") throws -> Response {
        try request("POST", path, headers: [("Content-Type", contentType)], body: Array(body.utf8))
    }

    public func get(_ path: String, headers: [(String, String)] = []) throws -> Response {
        try request("GET", path, headers: headers)
    }

    /// Reads one response (status line, headers, Content-Length body).
    public func readResponse(timeout: Double = 10) throws -> Response {
        let head = String(decoding: try socket.read(until: Array("\r\n\r\n".utf8), timeout: timeout), as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw TestSocket.Failure(description: "empty response head") }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw TestSocket.Failure(description: "bad status line in \(head)")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if status == 100 { return try readResponse(timeout: timeout) }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let body = length > 0 ? try socket.read(count: length, timeout: timeout) : []
        return Response(status: status, headers: headers, body: body)
    }
}
