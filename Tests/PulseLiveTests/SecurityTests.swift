import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

/// Bearer tokens, roles and signed webhooks against a live server.
@Suite struct SecurityTests {
    static func secured(_ configuration: inout PulseConfiguration) throws {
        try configuration.set("auth.ingestTokens", text: "ingest-token", source: "test")
        try configuration.set("auth.subscribeTokens", text: "sub-token", source: "test")
        try configuration.set("auth.adminTokens", text: "admin-token", source: "test")
        try configuration.set("auth.webhookSecret", text: "hook-secret", source: "test")
    }

    static let post = #"{"id":"sec-1","text":"secure #hub"}"#

    @Test func httpRoutesNeedTheirRoles() async throws {
        try await LiveServer.with(Self.secured) { server in
            func post(_ path: String, _ headers: [(String, String)], body: String = Self.post) throws -> TestHTTPClient.Response {
                try server.http().request("POST", path, headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8))
            }
            let missing = try post("/api/posts", [])
            #expect(missing.status == 401)
            #expect(missing.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            #expect(try post("/api/posts", [("Authorization", "Bearer wrong-token")]).status == 401)
            #expect(try post("/api/posts", [("Authorization", "Bearer bad token!")]).status == 401)
            #expect(try post("/api/posts", [("Authorization", "Basic aW5nZXN0")]).status == 401)
            let forbidden = try post("/api/posts", [("Authorization", "Bearer sub-token")])
            #expect(forbidden.status == 403)
            #expect(forbidden.headers["www-authenticate"]?.contains("insufficient_scope") == true)
            #expect(try post("/api/posts", [("Authorization", "Bearer ingest-token")]).status == 202)
            #expect(try post("/api/posts", [("Authorization", "Bearer admin-token")], body: #"{"id":"sec-2","text":"x"}"#).status == 202)

            let client = try server.http()
            #expect(try client.get("/api/state").status == 401)
            #expect(try server.http().get("/api/state", headers: [("Authorization", "Bearer ingest-token")]).status == 403)
            #expect(try server.http().get("/api/state", headers: [("Authorization", "Bearer sub-token")]).status == 200)
            #expect(try server.http().get("/metrics").status == 401)
            #expect(try server.http().get("/healthz").status == 200)
            #expect(try server.http().get("/readyz").status == 200)
            #expect(try server.http().get("/").status == 200)
            let train = try post("/api/model/train", [("Authorization", "Bearer ingest-token")], body: "text,likes\n")
            #expect(train.status == 403)
            let analyze = try post("/api/analyze", [("Authorization", "Bearer ingest-token")], body: #"{"text":"good"}"#)
            #expect(analyze.status == 403)
            let analyzed = try post("/api/analyze", [("Authorization", "Bearer sub-token")], body: #"{"text":"good"}"#)
            #expect(analyzed.status == 200)
        }
    }

    @Test func signedWebhooksAreCheckedWithTheirBody() async throws {
        try await LiveServer.with(Self.secured) { server in
            let signer = WebhookSignature(secret: Array("hook-secret".utf8), clock: { Date().timeIntervalSince1970 })
            func send(_ body: String, timestamp: Int, signature: String? = nil) throws -> TestHTTPClient.Response {
                let stamp = String(timestamp)
                let sig = signature ?? signer.sign(timestamp: stamp, body: Array(body.utf8))
                return try server.http().request("POST", "/api/posts", headers: [
                    ("Content-Type", "application/json"), ("X-Pulse-Signature", sig), ("X-Pulse-Timestamp", stamp),
                ], body: Array(body.utf8))
            }
            let now = Int(Date().timeIntervalSince1970)
            let body = #"{"id":"hook-1","text":"signed #post"}"#
            #expect(try send(body, timestamp: now).status == 202)
            let tampered = try send(#"{"id":"hook-2","text":"signed #post"}"#, timestamp: now,
                                    signature: signer.sign(timestamp: String(now), body: Array(body.utf8)))
            #expect(tampered.status == 401)
            #expect(tampered.json?["error"]?.stringValue == "bad_signature")
            let stale = try send(#"{"id":"hook-3","text":"old"}"#, timestamp: now - 1000)
            #expect(stale.status == 401)
            #expect(stale.json?["message"]?.stringValue?.contains("tolerance") == true)
            #expect(try send(#"{"id":"hook-4","text":"x"}"#, timestamp: now, signature: "sha256=00").status == 401)
            let state = try server.http().get("/api/state", headers: [("Authorization", "Bearer sub-token")])
            #expect(state.json?["stats"]?["total"]?.numberValue == 1)
        }
    }

    @Test func webSocketSubscribersNeedTheSubscribeRole() async throws {
        try await LiveServer.with(Self.secured) { server in
            func closeCode(_ socket: TestWebSocket) throws -> UInt16? {
                while true {
                    if case .close(let code, _) = try socket.receive(timeout: 5) { return code }
                }
            }
            let anonymous = try server.webSocket()
            try anonymous.send(#"{"op":"subscribe","topics":["alerts"]}"#)
            #expect(try closeCode(anonymous) == 4001)
            let wrongRole = try server.webSocket()
            try wrongRole.send(#"{"op":"subscribe","topics":["alerts"],"token":"ingest-token"}"#)
            #expect(try closeCode(wrongRole) == 4001)
            let inMessage = try server.webSocket()
            try inMessage.send(#"{"op":"subscribe","topics":["alerts"],"token":"sub-token"}"#)
            #expect(try inMessage.receiveJSON()["op"]?.stringValue == "subscribed")
            let inURL = try TestWebSocket(port: server.port, path: "/ws?token=sub-token")
            try inURL.send(#"{"op":"subscribe","topics":["alerts"]}"#)
            #expect(try inURL.receiveJSON()["op"]?.stringValue == "subscribed")
            let inHeader = try TestWebSocket(port: server.port, headers: [("Authorization", "Bearer admin-token")])
            try inHeader.send(#"{"op":"subscribe","topics":["alerts"]}"#)
            #expect(try inHeader.receiveJSON()["op"]?.stringValue == "subscribed")
        }
    }

    @Test func openBindOnAnotherAddressRefusesToStart() async throws {
        try await DedicatedThread.run("pulse-test") { try Self.openBindRefusesToStart() }
    }

    static func openBindRefusesToStart() throws {
        let process = Process()
        process.executableURL = ServeProcess.binary
        process.arguments = ["serve", "--host", "0.0.0.0", "--port", "0"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 2)
        #expect(text.contains("refusing to bind 0.0.0.0"))
        #expect(text.contains("--insecure"))
    }

    @Test func insecureFlagOrTokensAllowAnotherAddress() async throws {
        try await DedicatedThread.run("pulse-test") { try Self.insecureFlagOrTokensAllowBinding() }
    }

    static func insecureFlagOrTokensAllowBinding() throws {
        for (arguments, environment) in [(["--insecure"], [String: String]()), ([], ["PULSE_AUTH_INGEST_TOKENS": "t1"])] {
            let server = try ServeProcess(arguments: ["--host", "0.0.0.0"] + arguments, environment: environment)
            #expect(server.port > 0)
            try server.waitUntilReady()
            let status = server.stop(signal: SIGTERM, timeout: 30)
            #expect(status == 0, "exit \(String(describing: status)); log: \(status == nil ? "(still running)" : server.remainingLog())")
        }
    }
}

/// The CLI clients against a hub with tokens: `pulse post --token` and `pulse subscribe --token`.
@Suite struct CLITokenTests {
    @Test func cliClientsUseTheirTokens() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pulse-token-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try #"{"id":"cli-1","text":"token post"}"#.appending("\n").write(to: file, atomically: true, encoding: .utf8)
        try await LiveServer.with(SecurityTests.secured) { server in
            let hub = "http://127.0.0.1:\(server.port)"
            let refused = try runPulse(["post", hub, file.path, "--token", "sub-token", "--retries", "0"])
            #expect(refused.status == 1)
            #expect(refused.errors.contains("403"))
            let accepted = try runPulse(["post", hub, file.path, "--token", "ingest-token"])
            #expect(accepted.status == 0, "\(accepted.errors)")
            let ws = "ws://127.0.0.1:\(server.port)/ws"
            let denied = try runPulse(["subscribe", ws, "--topics", "alerts", "--token", "ingest-token", "--retries", "0"], timeout: 30)
            #expect(denied.status == 1)
            let allowed = try CLIProcess(["subscribe", ws, "--topics", "posts", "--token", "sub-token"])
            let lines = try allowed.waitFor("subscribed") { $0.contains { $0["op"]?.stringValue == "subscribed" } }
            #expect(lines.first?["op"]?.stringValue == "subscribed")
            allowed.signal(SIGTERM)
            #expect(allowed.exitStatus() == 0)
        }
    }
}
