import Foundation
import PulseHub
import PulseTesting
import Testing

/// Admission limits, rate limits, the Origin rule and slow clients against a live server.
@Suite struct LimitsTests {
    @Test func httpRateLimitAnswers429WithRetryAfter() async throws {
        let statuses = try await LiveServer.with({ configuration in
            try configuration.set("limits.httpRequestsPerSecond", text: "0.01", source: "test")
            try configuration.set("limits.httpBurst", text: "3", source: "test")
        }) { server -> [TestHTTPClient.Response] in
            try (0..<5).map { _ in try server.http().get("/healthz") }
        }
        #expect(statuses.prefix(3).allSatisfy { $0.status == 200 })
        #expect(statuses[3].status == 429)
        #expect(Int(statuses[3].headers["retry-after"] ?? "") ?? 0 >= 1)
        #expect(statuses[3].json?["error"]?.stringValue == "rate_limited")
    }

    @Test func webSocketMessageFloodIsClosedWith4029() async throws {
        let code = try await LiveServer.with({ configuration in
            try configuration.set("limits.webSocketMessagesPerSecond", text: "1", source: "test")
            try configuration.set("limits.webSocketBurst", text: "2", source: "test")
        }) { server -> UInt16? in
            let socket = try server.webSocket()
            for _ in 0..<20 { try? socket.send(#"{"op":"subscribe","topics":["alerts"]}"#) }
            while true {
                if case .close(let code, _) = try socket.receive(timeout: 5) { return code }
            }
        }
        #expect(code == 4029)
    }

    @Test func connectionsPerAddressAreCapped() async throws {
        let outcome = try await LiveServer.with({ configuration in
            try configuration.set("limits.maxConnectionsPerIP", text: "3", source: "test")
        }) { server -> (Bool, Bool, Int) in
            let held = try (0..<3).map { _ in try server.http() }
            for client in held { #expect(try client.get("/healthz").status == 200) }
            let extra = try TestSocket(port: server.port)
            let cut = extra.waitForClose(timeout: 5)
            _ = held  // still open
            let stillServing = try held[0].get("/healthz").status
            shutdown(held[1].socket.descriptor, Int32(SHUT_RDWR))
            // The slot frees when the server has seen the close: wait for that, not for a time.
            let servedAfterOneLeft = Polling.until { (try? server.http().get("/healthz").status) == 200 }
            return (cut, servedAfterOneLeft, stillServing)
        }
        #expect(outcome.0, "a fourth socket from the same address must be closed")
        #expect(outcome.1, "a slot frees when a connection closes")
        #expect(outcome.2 == 200)
    }

    /// `server.maxConnections` is shared out over the service threads, each holding its share by
    /// its own count (lws's per-thread descriptor limit is not used: below `ulimit -n` it makes
    /// every descriptor lookup a linear scan). Sockets are dealt in turn, so with 2 threads of 64
    /// the first 128 stay and every later one is closed; a closed one frees its slot.
    @Test func connectionsBeyondEachThreadsShareAreClosed() async throws {
        let outcome = try await LiveServer.with({ configuration in
            try configuration.set("server.maxConnections", text: "128", source: "test")
            try configuration.set("server.threads", text: "2", source: "test")
        }) { server -> (extraClosed: Int, rejected: Int, servedAfterOneLeft: Bool) in
            let held = try (0..<128).map { _ in try TestSocket(port: server.port) }
            let extra = try (0..<12).map { _ in try TestSocket(port: server.port) }
            let extraClosed = extra.filter { $0.waitForClose(timeout: 5) }.count
            let rejected = server.service.metrics.rejected("connection_limit")
            shutdown(held[0].descriptor, Int32(SHUT_RDWR))
            shutdown(held[1].descriptor, Int32(SHUT_RDWR))
            let served = Polling.until { (try? server.http().get("/healthz").status) == 200 }
            _ = held
            return (extraClosed, rejected, served)
        }
        #expect(outcome.extraClosed == 12, "every socket beyond the 2 x 64 shares must be closed")
        #expect(outcome.rejected == 12)
        #expect(outcome.servedAfterOneLeft, "a closed connection frees its slot")
    }

    @Test func webSocketOriginMustMatchHostOrAllowlist() async throws {
        let (foreign, own, none) = try await LiveServer.with { server -> (Bool, Bool, Bool) in
            let foreign = (try? TestWebSocket(port: server.port, headers: [("Origin", "https://evil.example")])) != nil
            let own = (try? TestWebSocket(port: server.port, headers: [("Origin", "http://127.0.0.1:\(server.port)")])) != nil
            let none = (try? TestWebSocket(port: server.port)) != nil
            return (foreign, own, none)
        }
        #expect(!foreign)
        #expect(own)
        #expect(none)
        let (listed, unlisted) = try await LiveServer.with({ configuration in
            try configuration.set("server.allowedOrigins", text: "https://app.example", source: "test")
        }) { server -> (Bool, Bool) in
            let listed = (try? TestWebSocket(port: server.port, headers: [("Origin", "https://app.example")])) != nil
            let unlisted = (try? TestWebSocket(port: server.port, headers: [("Origin", "http://127.0.0.1:\(server.port)")])) != nil
            return (listed, unlisted)
        }
        #expect(listed)
        #expect(!unlisted)
    }

    @Test func slowlorisIsCutAndDoesNotStallOthers() async throws {
        let outcome = try await LiveServer.with({ configuration in
            try configuration.set("server.idleTimeoutSeconds", text: "3", source: "test")
        }) { server -> (cutAfter: Double?, servedMeanwhile: Int) in
            let slow = try TestSocket(port: server.port)
            let request = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 200)
            let started = Date()
            var cutAfter: Double?
            var served = 0
            for byte in request {
                if (try? slow.write([byte])) == nil { cutAfter = Date().timeIntervalSince(started); break }
                if try server.http().get("/healthz").status == 200 { served += 1 }
                usleep(100_000)
                if Date().timeIntervalSince(started) > 15 { break }
            }
            if cutAfter == nil, slow.waitForClose(timeout: 0.5) { cutAfter = Date().timeIntervalSince(started) }
            return (cutAfter, served)
        }
        // Cut by the header timeout (3 s; lws's own default would be 10 s), not by chance.
        #expect(outcome.cutAfter != nil, "the slow client was never cut")
        #expect((outcome.cutAfter ?? 99) < 8)
        // Others were served while the slow client held its connection (a stalled server serves none).
        #expect(outcome.servedMeanwhile >= 2, "only \(outcome.servedMeanwhile) requests were served meanwhile")
    }
}
