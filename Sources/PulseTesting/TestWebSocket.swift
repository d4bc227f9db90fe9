import Foundation
import PulseHub

/// A WebSocket client (RFC 6455) over a blocking `TestSocket`, for live tests: masked text
/// frames out; text, ping and close frames in. It reads only when asked, so a test can make it
/// a stalled reader simply by not calling `receive`.
public final class TestWebSocket: @unchecked Sendable {
    /// One thing received.
    public enum Event: Sendable {
        case text(String)
        case close(code: UInt16, reason: String)
    }

    public let socket: TestSocket

    /// Connects and completes the opening handshake on `path`.
    public init(port: Int, path: String = "/ws", receiveBuffer: Int32? = nil, headers: [(String, String)] = []) throws {
        socket = try TestSocket(port: port, receiveBuffer: receiveBuffer)
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try socket.write(request + "\r\n")
        let head = String(decoding: try socket.read(until: Array("\r\n\r\n".utf8), timeout: 10), as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 101") else { throw TestSocket.Failure(description: "handshake refused: \(head)") }
    }

    public func send(_ text: String) throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count < 65536 {
            frame.append(0x80 | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try socket.write(frame)
    }

    /// Sends `{"op":"subscribe", ...}`.
    public func subscribe(topics: [String]? = nil, hashtags: [String] = [], keywords: [String] = [],
                          recover: (epoch: UInt64, offset: UInt64)? = nil) throws {
        try send(SubscribeMessage.encode(topics: topics, hashtags: hashtags, keywords: keywords, recover: recover))
    }

    /// The next text message or close, answering pings on the way.
    public func receive(timeout: Double = 5) throws -> Event {
        var message: [UInt8] = []
        while true {
            let header = try socket.read(count: 2, timeout: timeout)
            let final = header[0] & 0x80 != 0
            let opcode = header[0] & 0x0F
            var length = Int(header[1] & 0x7F)
            if length == 126 {
                let extended = try socket.read(count: 2, timeout: timeout)
                length = Int(extended[0]) << 8 | Int(extended[1])
            } else if length == 127 {
                length = try socket.read(count: 8, timeout: timeout).reduce(0) { $0 << 8 | Int($1) }
            }
            let payload = try socket.read(count: length, timeout: timeout)
            switch opcode {
            case 0x8:
                let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 1005
                return .close(code: code, reason: String(decoding: payload.dropFirst(2), as: UTF8.self))
            case 0x9:
                try socket.write([0x8A, 0x80, 0, 0, 0, 0] + [])
            case 0xA:
                continue
            default:
                message += payload
                if final { return .text(String(decoding: message, as: UTF8.self)) }
            }
        }
    }

    /// The next text message parsed as JSON; fails on a close.
    public func receiveJSON(timeout: Double = 5) throws -> JSONValue {
        switch try receive(timeout: timeout) {
        case .text(let text): return try JSONParser.parse(Array(text.utf8))
        case .close(let code, let reason): throw TestSocket.Failure(description: "closed \(code) \(reason)")
        }
    }
}
