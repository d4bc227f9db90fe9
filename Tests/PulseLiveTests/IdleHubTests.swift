import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

/// The publisher is woken by the store's changes, never by a timer: an idle hub does no work.
@Suite struct IdleHubTests {
    @Test func idleHubDoesNotCallTheStoreBetweenPosts() async throws {
        let server = try await LiveServer()
        let delivered = await DedicatedThread.run("idle-test") { () -> Result<Void, Error> in
            Result {
                let socket = try server.webSocket()
                try subscribe(socket, topics: ["posts"])
                #expect(try server.http().post("/api/posts", #"{"id":"idle-1","text":"one post"}"#).status == 202)
                _ = try receive(socket) { postIDs($0).contains("idle-1") }
            }
        }
        try delivered.get()
        let before = await server.service.store.takeChangesCalls
        // Twenty ticks of 50 ms: a polling publisher would have asked the store about twenty times.
        try await Task.sleep(for: .seconds(1))
        let after = await server.service.store.takeChangesCalls
        await server.stop()
        #expect(before >= 1)
        #expect(after == before, "the store was asked for changes \(after - before) times while nothing happened")
    }
}
