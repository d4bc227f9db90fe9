import Foundation
import PulseHub
import PulseTesting
import Testing

/// Reads one response head from a raw socket: the status line and the headers (lower-case names).
func readHead(_ socket: TestSocket, timeout: Double = 5) throws -> (statusLine: String, headers: [String: String]) {
    let head = String(decoding: try socket.read(until: Array("\r\n\r\n".utf8), timeout: timeout), as: UTF8.self)
    var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    let statusLine = lines.isEmpty ? "" : lines.removeFirst()
    var headers: [String: String] = [:]
    for line in lines {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return (statusLine, headers)
}

/// Reads one whole response (head and Content-Length body) from a raw socket.
func readResponse(_ socket: TestSocket, timeout: Double = 5) throws -> (statusLine: String, body: String) {
    let (statusLine, headers) = try readHead(socket, timeout: timeout)
    let length = Int(headers["content-length"] ?? "0") ?? 0
    let body = length > 0 ? try socket.read(count: length, timeout: timeout) : []
    return (statusLine, String(decoding: body, as: UTF8.self))
}

/// Plaintext HTTP/2 (`Upgrade: h2c`) is served as HTTP/1.1 and never reaches lws's HTTP/2 code;
/// an unknown Upgrade value (lws's CVE-2025-11677 path) is closed without harm.
@Suite struct H2CUpgradeTests {
    static let upgrade = "Host: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n"

    @Test func curlWithHTTP2GetsAnHTTP11Answer() async throws {
        let result = try await LiveServer.with { server in
            try runTool("curl", ["-sS", "-i", "--http2", "--max-time", "10", "http://127.0.0.1:\(server.port)/healthz"])
        }
        #expect(result.status == 0, "curl: \(result.errors)")
        #expect(result.output.hasPrefix("HTTP/1.1 200"), "\(result.output)")
        #expect(!result.output.contains("101 Switching"))
        #expect(result.output.hasSuffix(#"{"status":"ok"}"#))
    }

    @Test func rawH2CUpgradeIsServedAsHTTP11OnAKeepAliveConnection() async throws {
        let observed = try await LiveServer.with { server -> [String] in
            let socket = try TestSocket(port: server.port)
            try socket.write("GET /healthz HTTP/1.1\r\n" + Self.upgrade + "\r\n")
            let first = try readResponse(socket)
            try socket.write("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")  // still HTTP/1.1 on the same socket
            let second = try readResponse(socket)
            // Without HTTP2-Settings (lws used to drop these) and with a body.
            let bare = try TestSocket(port: server.port)
            try bare.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: H2C\r\n\r\n")
            let third = try readResponse(bare)
            let body = #"{"id":"h2c-post","text":"posted with an h2c upgrade"}"#
            let poster = try TestSocket(port: server.port)
            try poster.write("POST /api/posts HTTP/1.1\r\n" + Self.upgrade + "Content-Type: application/json\r\n"
                             + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
            let fourth = try readResponse(poster)
            // An HTTP/2 preface after the answer is just a bad HTTP/1.1 request now.
            let attacker = try TestSocket(port: server.port)
            try attacker.write("GET /healthz HTTP/1.1\r\n" + Self.upgrade + "\r\n")
            let fifth = try readResponse(attacker)
            try attacker.write(Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + [0, 0, 0, 4, 0, 0, 0, 0, 0])
            let cut = attacker.waitForClose(timeout: 10)
            let total = try totalPosts(server)
            return [first.statusLine, first.body, second.statusLine, third.statusLine, fourth.statusLine, fifth.statusLine,
                    String(cut), String(total)]
        }
        #expect(observed[0] == "HTTP/1.1 200 OK")
        #expect(observed[1] == #"{"status":"ok"}"#)
        #expect(observed[2] == "HTTP/1.1 200 OK")
        #expect(observed[3] == "HTTP/1.1 200 OK")
        #expect(observed[4].hasPrefix("HTTP/1.1 202"))
        #expect(observed[5] == "HTTP/1.1 200 OK")
        #expect(observed[6] == "true")
        #expect(observed[7] == "1.0")
    }

    /// lws answers an unknown Upgrade with its own 403; on a keep-alive connection it then calls
    /// CONFIRM_UPGRADE with a pointer into the released header table. Pulse must hang up, unharmed.
    @Test func unknownUpgradeValuesAreClosedWithoutCrashing() async throws {
        let observed = try await LiveServer.with { server -> (refused: Int, closed: Int, served: Int) in
            var refused = 0, closed = 0
            let foo = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n"
            for round in 0..<30 {
                let client = try server.http()
                switch round % 3 {
                case 0: try client.socket.write(foo)  // first request of the connection
                case 1:  // second request of a keep-alive connection: the CVE path
                    guard try client.get("/healthz").status == 200 else { continue }
                    try client.socket.write(foo)
                default:  // pipelined behind another request (lws keeps and resets the table)
                    try client.socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + foo)
                    _ = try client.readResponse()
                }
                if try readHead(client.socket).statusLine.contains(" 403") { refused += 1 }
                if client.socket.waitForClose(timeout: 5) { closed += 1 }
            }
            var served = 0
            for _ in 0..<3 where try server.http().get("/healthz").status == 200 { served += 1 }
            return (refused, closed, served)
        }
        #expect(observed.refused == 30)
        #expect(observed.closed == 30)
        #expect(observed.served == 3)
    }
}

/// WebSocket upgrades: only GET /ws, from an allowed Origin, with headers within the limit, and
/// every refusal is an HTTP answer with a JSON body a browser can show.
@Suite struct WebSocketUpgradeRefusalTests {
    static func upgrade(_ path: String, port: Int, _ extra: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extra + "\r\n"
    }

    @Test func refusalsAreReadableJSONAndAllowedUpgradesStillWork() async throws {
        let observed = try await LiveServer.with { server -> [String: (String, String?, Bool)] in
            var results: [String: (String, String?, Bool)] = [:]
            let cases = [
                "origin": Self.upgrade("/ws", port: server.port, "Origin: https://evil.example\r\n"),
                "path": Self.upgrade("/api/state", port: server.port),
                "headers": Self.upgrade("/ws", port: server.port, "Cookie: \(String(repeating: "c", count: 10_000))\r\n"),
            ]
            for (name, request) in cases {
                let socket = try TestSocket(port: server.port)
                try socket.write(request)
                let (statusLine, body) = try readResponse(socket)
                let code = (try? JSONParser.parse(Array(body.utf8)))?["error"]?.stringValue
                results[name] = (statusLine, code, socket.waitForClose(timeout: 5))
            }
            let allowed = try TestWebSocket(port: server.port, path: "/ws?client=test",
                                            headers: [("Origin", "http://127.0.0.1:\(server.port)")])
            try allowed.subscribe(topics: ["posts"])
            results["allowed"] = ("101", try allowed.receiveJSON()["op"]?.stringValue, false)
            return results
        }
        #expect(observed["origin"]?.0 == "HTTP/1.1 403 Forbidden")
        #expect(observed["origin"]?.1 == "origin_not_allowed")
        #expect(observed["origin"]?.2 == true)
        #expect(observed["path"]?.0 == "HTTP/1.1 404 Not Found")
        #expect(observed["path"]?.1 == "not_found")
        #expect(observed["path"]?.2 == true)
        #expect(observed["headers"]?.0 == "HTTP/1.1 431 Request Header Fields Too Large")
        #expect(observed["headers"]?.1 == "headers_too_large")
        #expect(observed["allowed"]?.1 == "subscribed")
    }
}

/// Request headers over 8 KiB get 431 while they fit lws's 32 KiB header buffer; beyond it (or a
/// single 100 KB line) lws closes the connection before Pulse sees the request.
@Suite struct HeaderLimitTests {
    @Test func headersOverTheLimitGet431WhereLibwebsocketsLetsThePulseAnswer() async throws {
        let observed = try await LiveServer.with { server -> (Int, Int, String?, Int, Bool, Bool) in
            let under = try server.http().get("/healthz", headers: [("User-Agent", String(repeating: "u", count: 7_000))]).status
            let over = try server.http().get("/healthz", headers: [("User-Agent", String(repeating: "u", count: 10_000))])
            // Above lws's buffer, in one line or spread over many known headers: no status at all.
            var silentlyClosed: [Bool] = []
            for extra in ["User-Agent: \(String(repeating: "u", count: 100_000))\r\n",
                          (0..<10).map { _ in "Referer: \(String(repeating: "r", count: 4_000))\r\n" }.joined()] {
                let socket = try TestSocket(port: server.port)
                try socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n")
                let answered = (try? socket.read(count: 1, timeout: 5)) != nil
                silentlyClosed.append(!answered && socket.waitForClose(timeout: 1))
            }
            let after = try server.http().get("/healthz").status
            return (under, over.status, over.json?["error"]?.stringValue, after, silentlyClosed[0], silentlyClosed[1])
        }
        #expect(observed.0 == 200)
        #expect(observed.1 == 431)
        #expect(observed.2 == "headers_too_large")
        #expect(observed.3 == 200)
        #expect(observed.4, "a 100 KB header line: lws closes without a status")
        #expect(observed.5, "40 KB of headers: lws closes without a status")
    }
}
