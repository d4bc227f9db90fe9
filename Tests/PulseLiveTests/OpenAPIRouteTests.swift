import Foundation
import PulseHub
import PulseTesting
import Testing

/// `GET /api/openapi.json` and the findings of the schemathesis run (`make api-test`), each kept
/// as a regression test.
@Suite struct OpenAPIRouteTests {
    @Test func documentIsServedAsJSON() async throws {
        try await LiveServer.with { server in
            let response = try server.http().get("/api/openapi.json")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            #expect(!LiveServer.openAPIDocument.isEmpty)
            #expect(response.body == LiveServer.openAPIDocument)
        }
    }

    /// Found by schemathesis: OPTIONS on a job answered `Allow: GET, POST` for routes that take one method each.
    @Test func jobRoutesAllowExactlyTheirMethod() async throws {
        try await LiveServer.with { server in
            for (method, path, allowed) in [("OPTIONS", "/api/model/jobs/j-1", "GET"), ("POST", "/api/model/jobs/j-1", "GET"),
                                            ("PUT", "/api/model/jobs/j-1", "GET"), ("GET", "/api/model/jobs/j-1/activate", "POST"),
                                            ("OPTIONS", "/api/model/jobs/j-1/activate", "POST")] {
                let response = try server.http().request(method, path, contentLength: method == "POST")
                #expect(response.status == 405, "\(method) \(path)")
                #expect(response.headers["allow"] == allowed, "\(method) \(path)")
            }
            #expect(try server.http().get("/api/model/jobs/j-1").status == 404)
        }
    }

    /// Found by schemathesis: a request head over lws's default 4 KB was dropped without an answer;
    /// the longest query the documented limits allow now gets one.
    @Test func longestDocumentedStreamQueryIsAnswered() async throws {
        try await LiveServer.with { server in
            let entries = (0..<20).map { "%22\($0)" + String(repeating: "%25", count: 45) }.joined(separator: ",")
            let stream = try TestEventStream(port: server.port, query: "topics=posts&keywords=\(entries)&hashtags=\(entries)")
            #expect(stream.status == 200)
            #expect(try stream.nextJSON().message["op"]?.stringValue == "subscribed")
            let tooMany = try TestEventStream(port: server.port, query: "keywords=" + (0...20).map { "k\($0)" }.joined(separator: ","))
            #expect(tooMany.status == 400)
        }
    }

    @Test func trainingParametersHaveALengthLimit() async throws {
        try await LiveServer.with { server in
            let target = String(repeating: "t", count: 257)
            let response = try server.http().request("POST", "/api/model/train?target=\(target)&features=a", headers: [("Content-Type", "text/csv")],
                                                     body: Array("a,b\n1,2\n".utf8))
            #expect(response.status == 400)
            #expect(response.json?["field"]?.stringValue == "target")
        }
    }

    /// Found by schemathesis: a GET with a body made lws repeat BODY_COMPLETION forever on the
    /// service thread, so the whole server stopped answering (and ignored SIGTERM).
    @Test func bodySentWithGETIsRefusedAndTheServerKeepsServing() async throws {
        try await LiveServer.with { server in
            for (path, status) in [("/api/analyze", 405), ("/api/state", 400), ("/healthz", 400)] {
                let client = try server.http()
                let response = try client.request("GET", path, headers: [("Content-Type", "application/json")],
                                                  body: Array(#"{"text":"a body where none belongs"}"#.utf8), timeout: 5)
                #expect(response.status == status, "\(path)")
                #expect(client.socket.waitForClose(timeout: 5), "\(path): the connection stays open")
            }
            #expect(try server.http().get("/healthz", headers: []).status == 200)
            #expect(try server.http().get("/api/state").status == 200)
        }
    }
}
