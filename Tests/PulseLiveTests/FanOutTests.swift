import Foundation
import PulseHub
import PulseTesting
import Testing

@Suite(.serialized) struct FanOutTests {
    // The WebSocket slow-consumer test is ServiceThreadsTests' (two threads, the stalled reader
    // and the healthy one on different threads).

    @Test func thousandSubscribersAllReceiveTheSameDelta() async throws {
        try await LiveServer.with { server in
            let sockets = try (0..<1000).map { _ in try server.webSocket() }
            for socket in sockets { try socket.subscribe(topics: ["posts", "sentiment"]) }
            for socket in sockets {
                #expect(try socket.receiveJSON(timeout: 10)["op"]?.stringValue == "subscribed")
                #expect(try socket.receiveJSON(timeout: 10)["op"]?.stringValue == "snapshot")
            }
            #expect(try server.http().post("/api/posts", #"{"id":"to-all","text":"hello everyone #fanout"}"#).status == 202)
            var payloads = Set<String>()
            for socket in sockets {
                let deadline = Date().addingTimeInterval(10)
                while Date() < deadline {
                    guard case .text(let text) = try socket.receive(timeout: 10) else { break }
                    if text.contains("\"to-all\"") {
                        payloads.insert(text)
                        break
                    }
                }
            }
            // One encoding shared by all: every subscriber got byte-identical text.
            #expect(payloads.count == 1)
            let metrics = try server.http().get("/metrics").text
            #expect(metrics.contains("pulse_websocket_connections 1000\n"))
        }
    }
}
