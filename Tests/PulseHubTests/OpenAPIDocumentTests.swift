import Foundation
import PulseHub
import Testing

/// The committed OpenAPI document (served as it is) names every route the router knows.
@Suite struct OpenAPIDocumentTests {
    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/openapi.json")

    @Test func documentDescribesEveryAPIRoute() throws {
        let document = try JSONParser.parse(Array(try Data(contentsOf: Self.committed)))
        #expect(document["openapi"]?.stringValue == "3.1.0")
        guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
        let documented = Set(paths.members.map(\.key))
        for path in ["/api/posts", "/api/analyze", "/api/state", "/api/model", "/api/model/train", "/api/model/jobs/{id}",
                     "/api/model/jobs/{id}/activate", "/api/stream", "/api/openapi.json", "/ws", "/healthz", "/readyz", "/metrics", "/"] {
            #expect(documented.contains(path), "\(path) is not in the OpenAPI document")
        }
    }
}
