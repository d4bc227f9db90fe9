import Foundation
import PulseTesting
import Testing

/// One record per connection on its service thread, removed when the connection closes
/// (`pulse_open_connections`). lws frees its per-session storage at the end of every HTTP
/// transaction, so an id kept there was lost and every HTTP connection left its record behind:
/// the full soak's RSS growth.
@Suite struct ConnectionRecordTests {
    @Test func everyClosedConnectionLeavesNoRecordAndKeepAliveKeepsOne() async throws {
        let outcome = try await LiveServer.with({ configuration in
            try configuration.set("server.threads", text: "2", source: "test")
        }) { server -> (keptAlive: Bool, afterAll: Bool) in
            let open = { server.service.metrics.openConnections.load(ordering: .relaxed) }
            for _ in 0..<30 { _ = try server.http().get("/healthz") }  // each on its own connection
            for index in 0..<10 {
                #expect(try server.http().post("/api/posts", #"{"id":"record-\#(index)","text":"a post"}"#).status == 202)
            }
            let keepAlive = try server.http()
            for _ in 0..<5 { #expect(try keepAlive.get("/healthz").status == 200) }
            // The 40 closed ones go away; the open keep-alive one stays, with one record.
            let keptAlive = Polling.until { open() == 1 }
            let socket = try server.webSocket()
            try socket.send(#"{"op":"subscribe","topics":["sentiment"]}"#)
            _ = try socket.receive(timeout: 5)
            shutdown(socket.socket.descriptor, Int32(SHUT_RDWR))
            shutdown(keepAlive.socket.descriptor, Int32(SHUT_RDWR))
            return (keptAlive, Polling.until { open() == 0 })
        }
        #expect(outcome.keptAlive, "the one keep-alive connection has one record over its five requests")
        #expect(outcome.afterAll, "every closed connection's record is removed")
    }
}
