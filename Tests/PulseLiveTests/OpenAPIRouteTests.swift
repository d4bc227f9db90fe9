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
            #expect(response.body == OpenAPIDocument.bytes)
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
}
