import Foundation
import PulseHub

/// A blocking Server-Sent Events client for live tests: `GET /api/stream` on a raw socket, then
/// one event (or comment) at a time. Owned by the one test that opened it.
public final class TestEventStream: @unchecked Sendable {
    /// One block of the stream: an event with its `id:` and `data:` lines, or a comment.
    public struct Event: Sendable {
        public var id: String?
        public var data: String?
        public var comment: String?

        /// The data parsed as JSON (nil for comments).
        public var json: JSONValue? { data.flatMap { try? JSONParser.parse(Array($0.utf8)) } }
    }

    public let socket: TestSocket
    /// The response status and headers (names lower-cased).
    public let status: Int
    public let headers: [String: String]
    /// The body of a refused request (non-200).
    public let refusal: [UInt8]

    /// Opens `/api/stream?query` with extra headers (such as `Last-Event-ID`); `receiveBuffer`
    /// shrinks the kernel buffer (slow-reader tests).
    public init(port: Int, query: String, headers: [(String, String)] = [], receiveBuffer: Int32? = nil) throws {
        socket = try TestSocket(port: port, receiveBuffer: receiveBuffer)
        var head = "GET /api/stream\(query.isEmpty ? "" : "?" + query) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        try socket.write(head + "\r\n")
        let text = String(decoding: try socket.read(until: Array("\r\n\r\n".utf8), timeout: 10), as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.isEmpty ? [] : lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestSocket.Failure(description: "bad response head \(text)") }
        var parsed: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            parsed[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.status = status
        self.headers = parsed
        let length = Int(parsed["content-length"] ?? "0") ?? 0
        refusal = status != 200 && length > 0 ? try socket.read(count: length, timeout: 10) : []
    }

    /// The next event or comment, waiting at most `timeout` seconds.
    public func next(timeout: Double = 5) throws -> Event {
        let block = String(decoding: try socket.read(until: Array("\n\n".utf8), timeout: timeout), as: UTF8.self)
        var event = Event()
        for line in block.split(separator: "\n") {
            if line.hasPrefix(":") { event.comment = String(line.dropFirst()).trimmingCharacters(in: .whitespaces) }
            else if line.hasPrefix("id: ") { event.id = String(line.dropFirst(4)) }
            else if line.hasPrefix("data: ") { event.data = (event.data.map { $0 + "\n" } ?? "") + line.dropFirst(6) }
        }
        return event
    }

    /// The next event that carries data (heartbeat comments skipped).
    public func nextJSON(timeout: Double = 5) throws -> (id: String?, message: JSONValue) {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let event = try next(timeout: max(0.01, deadline.timeIntervalSinceNow))
            if let json = event.json { return (event.id, json) }
        }
    }
}
