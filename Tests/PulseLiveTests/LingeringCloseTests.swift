import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

/// Lingering close: an answer sent before the body was read stays readable for clients that
/// write their whole body first, and a client that never stops sending is cut within the bound.
@Suite struct LingeringCloseTests {
    /// Posts 9 MiB with Python's urllib (which sends the whole body before reading) to
    /// `argv[1]/api/posts` and prints the status and body it got (or fails with the exception it
    /// got instead). With `argv[2]`, it first creates that file and waits until `/healthz` says 503.
    static let urllibPost = """
        import sys, time, urllib.request, urllib.error
        base = sys.argv[1]
        if len(sys.argv) > 2:
            open(sys.argv[2], "w").close()
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=5).read()
                    time.sleep(0.01)
                except urllib.error.HTTPError as error:
                    if error.code == 503:
                        break
        request = urllib.request.Request(base + "/api/posts", data=b"x" * (9 << 20), headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                print(response.status); print(response.read().decode())
        except urllib.error.HTTPError as error:
            print(error.code); print(error.read().decode())
        """

    @Test func urllibPostingNineMebibytesReadsThe413AndItsJSON() async throws {
        let result = try await LiveServer.with { server in
            try runTool("python3", ["-c", Self.urllibPost, "http://127.0.0.1:\(server.port)"])
        }
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(result.status == 0, "python: \(result.errors)")
        #expect(lines.first == "413", "\(result.output) \(result.errors)")
        let body = lines.count > 1 ? try? JSONParser.parse(Array(lines[1].utf8)) : nil
        #expect(body?["error"]?.stringValue == "too_large")
        #expect(body?["limit"]?.numberValue == 8_388_608)
    }

    @Test func urllibPostingWithoutATokenReadsThe401() async throws {
        let result = try await LiveServer.with(SecurityTests.secured) { server in
            try runTool("python3", ["-c", Self.urllibPost, "http://127.0.0.1:\(server.port)"])
        }
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "401", "\(result.output) \(result.errors)")
        #expect(lines.count > 1 && lines[1].contains(#""error":"unauthorized""#))
    }

    /// While the server drains (held open by a request in flight), new connections are refused,
    /// and a 9 MiB post written whole on a connection opened before still reads `503 shutting_down`.
    @Test func postingWhileTheServerDrainsReadsThe503() async throws {
        let server = try await LiveServer()
        let result = await DedicatedThread.run("pulse-test") { () -> Result<(TestHTTPClient.Response, Bool), any Error> in
            Result {
                // A request whose body never completes keeps the drain going (up to its 5 s deadline).
                let holder = try TestSocket(port: server.port)
                try holder.write("POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                let early = try TestHTTPClient(port: server.port)
                #expect(try early.get("/healthz").status == 200)
                server.service.shutdown()
                // Draining: new connections are closed at once.
                var refusedNew = false
                for _ in 0..<200 where !refusedNew {
                    refusedNew = (try? TestHTTPClient(port: server.port).request("GET", "/healthz", timeout: 2)) == nil
                    if !refusedNew { usleep(10_000) }
                }
                let body = Array(repeating: UInt8(ascii: "x"), count: 9 << 20)
                let head = "POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
                try early.socket.write(Array(head.utf8) + body)
                let answer = try early.readResponse(timeout: 10)
                _ = holder
                return (answer, refusedNew)
            }
        }
        await server.stop()
        let (answer, refusedNew) = try result.get()
        #expect(refusedNew, "a new connection was still served while draining")
        #expect(answer.status == 503)
        #expect(answer.json?["error"]?.stringValue == "shutting_down")
    }

    /// Sends a 1 GiB POST head, reads the 413, then keeps sending `chunk` every `pause` seconds
    /// until a write fails; returns the seconds from the answer to that failure and the bytes sent.
    static func sendForever(_ server: LiveServer, chunk: Int, pause: Double) throws -> (status: String, seconds: Double, sent: Int) {
        let socket = try TestSocket(port: server.port)
        try socket.write("POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(1 << 30)\r\n\r\n")
        let (statusLine, _) = try readResponse(socket)
        let answered = Date()
        let bytes = [UInt8](repeating: 0x78, count: chunk)
        var sent = 0
        while Date().timeIntervalSince(answered) < 60 {
            do { try socket.write(bytes) } catch { break }
            sent += chunk
            if pause > 0 { usleep(UInt32(pause * 1_000_000)) }
        }
        return (statusLine, Date().timeIntervalSince(answered), sent)
    }

    @Test func aClientThatNeverStopsSendingIsCutAfterLingerSeconds() async throws {
        let outcome = try await LiveServer.with({ configuration in
            try configuration.set("server.lingerSeconds", .number(1), source: "test")
            try configuration.set("server.lingerBytes", .number(1_073_741_824), source: "test")
        }) { server in
            try Self.sendForever(server, chunk: 100, pause: 0.05)
        }
        #expect(outcome.status.hasPrefix("HTTP/1.1 413"))
        #expect(outcome.seconds > 0.7, "closed after \(outcome.seconds) s: it did not linger")
        #expect(outcome.seconds < 4, "still open \(outcome.seconds) s after the answer (lingerSeconds 1)")
    }

    @Test func aClientThatNeverStopsSendingIsCutAfterLingerBytes() async throws {
        let outcome = try await LiveServer.with({ configuration in
            try configuration.set("server.lingerSeconds", .number(30), source: "test")
            try configuration.set("server.lingerBytes", .number(1_048_576), source: "test")
        }) { server in
            try Self.sendForever(server, chunk: 64 << 10, pause: 0)
        }
        #expect(outcome.status.hasPrefix("HTTP/1.1 413"))
        #expect(outcome.sent >= 1 << 20, "only \(outcome.sent) bytes were taken")
        #expect(outcome.seconds < 10, "still open \(outcome.seconds) s after the answer (lingerBytes 1 MiB, lingerSeconds 30)")
    }

    @Test func lingerSecondsZeroClosesAtOnce() async throws {
        let outcome = try await LiveServer.with({ configuration in
            try configuration.set("server.lingerSeconds", .number(0), source: "test")
        }) { server in
            try Self.sendForever(server, chunk: 100, pause: 0.05)
        }
        #expect(outcome.status.hasPrefix("HTTP/1.1 413"))
        #expect(outcome.seconds < 3.5, "open \(outcome.seconds) s after the answer with lingerSeconds 0 (the default lingers 5 s)")
    }
}

/// The result of a `runTool` call made on another thread.
private final class ToolOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Result<(status: Int32, output: String, errors: String), any Error>?

    func set(_ result: Result<(status: Int32, output: String, errors: String), any Error>) {
        lock.lock()
        stored = result
        lock.unlock()
    }

    var value: Result<(status: Int32, output: String, errors: String), any Error>? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
