import Foundation
import PulseHub
import PulseTesting
import Testing

/// Every bad input gets a clear error and changes nothing.
@Suite struct IngestHTTPTests {
    /// Sends a bad request and checks status, error code, and that the state did not change.
    private func expectRefused(_ server: LiveServer, status: Int, code: String, field: String? = nil, index: Int? = nil,
                               _ send: (TestHTTPClient) throws -> TestHTTPClient.Response) throws {
        let before = try totalPosts(server)
        let response = try send(try server.http())
        #expect(response.status == status, "\(response.text)")
        let body = response.json
        #expect(body?["error"]?.stringValue == code, "\(response.text)")
        #expect((body?["message"]?.stringValue ?? "").count > 5)
        if let field { #expect(body?["field"]?.stringValue == field) }
        if let index { #expect(body?["index"]?.numberValue == Double(index)) }
        #expect(try totalPosts(server) == before)
    }

    @Test func acceptsObjectArrayAndNDJSON() async throws {
        try await LiveServer.with { server in
            let client = try server.http()
            let one = try client.post("/api/posts", #"{"text":"one"}"#)
            #expect(one.status == 202)
            #expect(one.json?["accepted"]?.numberValue == 1)
            let array = try client.post("/api/posts", #"[{"text":"two"},{"text":"three","likes":4,"created_at":"2024-05-01T12:30:00Z"}]"#)
            #expect(array.json?["accepted"]?.numberValue == 2)
            let ndjson = try client.post("/api/posts", "{\"text\":\"four\"}\n\n{\"text\":\"five\"}\n", contentType: "application/x-ndjson")
            #expect(ndjson.json?["accepted"]?.numberValue == 2)
            #expect(ndjson.json?["offset"]?.numberValue == 5)
            #expect(try totalPosts(server) == 5)
        }
    }

    @Test func repeatedIDsAreDuplicatesAndNotAppliedTwice() async throws {
        try await LiveServer.with { server in
            let client = try server.http()
            #expect(try client.post("/api/posts", #"[{"id":"x","text":"a"},{"id":"y","text":"b"}]"#).json?["accepted"]?.numberValue == 2)
            let again = try client.post("/api/posts", #"[{"id":"x","text":"a"},{"id":"z","text":"c"}]"#)
            #expect(again.json?["accepted"]?.numberValue == 1)
            #expect(again.json?["duplicates"]?.numberValue == 1)
            #expect(try totalPosts(server) == 3)
        }
    }

    @Test func badBodiesAreRefusedWithTheirReason() async throws {
        try await LiveServer.with { server in
            try expectRefused(server, status: 400, code: "malformed_json") { try $0.post("/api/posts", #"{"text": "unterminated"#) }
            try expectRefused(server, status: 400, code: "invalid_post", field: "text", index: 0) { try $0.post("/api/posts", #"{"text": 42}"#) }
            try expectRefused(server, status: 400, code: "invalid_post", field: "text", index: 0) { try $0.post("/api/posts", #"{"likes": 1}"#) }
            try expectRefused(server, status: 400, code: "invalid_post", field: "text", index: 1) {
                try $0.post("/api/posts", #"[{"text":"fine"},{"text":"  \t "}]"#)
            }
            try expectRefused(server, status: 400, code: "invalid_post", field: "likes", index: 0) { try $0.post("/api/posts", #"{"text":"x","likes":"many"}"#) }
            try expectRefused(server, status: 400, code: "invalid_post", field: "created_at", index: 0) {
                try $0.post("/api/posts", #"{"text":"x","created_at":"yesterday"}"#)
            }
            try expectRefused(server, status: 400, code: "invalid_post", field: "hashtags", index: 0) { try $0.post("/api/posts", #"{"text":"x","hashtags":"a"}"#) }
            try expectRefused(server, status: 400, code: "invalid_post", index: 0) { try $0.post("/api/posts", "17") }
            try expectRefused(server, status: 400, code: "empty") { try $0.post("/api/posts", "[]") }
            try expectRefused(server, status: 400, code: "invalid_utf8") {
                try $0.request("POST", "/api/posts", headers: [("Content-Type", "application/json")],
                               body: Array(#"{"text":"bad "#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))
            }
            try expectRefused(server, status: 400, code: "invalid_post", field: "text", index: 2) {
                try $0.post("/api/posts", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":null}\n{\"text\":\"d\"}\n", contentType: "application/x-ndjson")
            }
            try expectRefused(server, status: 400, code: "malformed_json", index: 1) {
                try $0.post("/api/posts", "{\"text\":\"a\"}\n{\"text\":\n", contentType: "application/x-ndjson")
            }
        }
    }

    @Test func protocolErrorsGetTheirStatus() async throws {
        try await LiveServer.with({ try $0.set("limits.maxBodyBytes", .number(4096), source: "test") }) { server in
            try expectRefused(server, status: 413, code: "too_large") {
                try $0.request("POST", "/api/posts", headers: [("Content-Type", "application/json"), ("Content-Length", "5000")],
                               contentLength: false)
            }
            try expectRefused(server, status: 415, code: "unsupported_media_type") { try $0.post("/api/posts", #"{"text":"x"}"#, contentType: "text/plain") }
            try expectRefused(server, status: 411, code: "length_required") {
                try $0.request("POST", "/api/posts", headers: [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")],
                               contentLength: false)
            }
            try expectRefused(server, status: 404, code: "not_found") { try $0.get("/api/nothing") }
            try expectRefused(server, status: 405, code: "method_not_allowed") { try $0.get("/api/posts") }
            try expectRefused(server, status: 405, code: "method_not_allowed") { try $0.request("DELETE", "/api/state") }
            try expectRefused(server, status: 404, code: "not_found") { try $0.get("/no-such-file.js") }
        }
    }

    @Test func refusalWithABodyKeepsTheConnectionUsable() async throws {
        try await LiveServer.with { server in
            let client = try server.http()
            #expect(try client.post("/api/posts", #"{"text":"x"}"#, contentType: "text/csv").status == 415)
            #expect(try client.post("/api/posts", #"{"text":"after"}"#).status == 202)
            #expect(try client.get("/healthz").status == 200)
        }
    }

    @Test func expectContinueIsAnsweredAtOnce() async throws {
        try await LiveServer.with { server in
            let client = try server.http()
            let body = #"{"text":"sent after 100 Continue"}"#
            try client.socket.write("POST /api/posts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n")
            let started = Date()
            let interim = String(decoding: try client.socket.read(until: Array("\r\n\r\n".utf8), timeout: 2), as: UTF8.self)
            #expect(interim.hasPrefix("HTTP/1.1 100"))
            #expect(Date().timeIntervalSince(started) < 0.5)
            try client.socket.write(body)
            #expect(try client.readResponse().status == 202)
        }
    }

    @Test func staticPathsNeverLeaveTheWebRoot() async throws {
        try await LiveServer.with { server in
            for path in ["/../Package.swift", "/%2e%2e/Package.swift", "/%2E%2E%2FPackage.swift", "/..%2fPackage.swift",
                         "//etc/passwd", "/WebClient/../../Package.swift", "/%00index.html", "/..\\Package.swift"] {
                let response = try server.http().get(path)
                #expect(response.status == 404 || response.status == 400 || response.status == 403, "\(path): \(response.status)")
                #expect(!response.text.contains("PackageDescription"), "\(path) leaked a file")
                #expect(!response.text.contains("root:"), "\(path) leaked a file")
            }
        }
    }

    @Test func dashboardFilesHaveTheirTypesAndKeepAliveWorks() async throws {
        try await LiveServer.with { server in
            let client = try server.http()
            let index = try client.get("/")
            #expect(index.status == 200)
            #expect(index.headers["content-type"] == "text/html; charset=utf-8")
            #expect(index.headers["x-content-type-options"] == "nosniff")
            #expect(index.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true)
            #expect(try client.get("/js/main.js").headers["content-type"] == "text/javascript; charset=utf-8")
            let css = try client.get("/css/base.css")
            #expect(css.headers["content-type"] == "text/css; charset=utf-8")
            let again = try client.get("/css/base.css", headers: [("If-None-Match", css.headers["etag"] ?? "")])
            #expect(again.status == 304)
            #expect(try client.get("/healthz").json?["status"]?.stringValue == "ok")
            #expect(try client.get("/readyz").status == 200)
        }
    }

    @Test func metricsCountIngestRejectionsAndConnections() async throws {
        try await LiveServer.with { server in
            let client = try server.http()
            _ = try client.post("/api/posts", #"[{"text":"a"},{"text":"b"}]"#)
            _ = try client.post("/api/posts", #"{"text":1}"#)
            let socket = try server.webSocket()
            try subscribe(socket)
            let metrics = try client.get("/metrics")
            #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
            let text = metrics.text
            #expect(text.contains("pulse_posts_ingested_total 2\n"))
            #expect(text.contains("pulse_rejected_total{reason=\"invalid_post\"} 1\n"))
            #expect(text.contains("pulse_websocket_connections 1\n"))
            #expect(text.contains("pulse_ws_messages_sent_total"))
            #expect(text.contains("pulse_slow_consumer_disconnects_total 0\n"))
            #expect(text.contains("pulse_push_tick_seconds_count"))
        }
    }
}
