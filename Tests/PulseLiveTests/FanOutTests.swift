import Foundation
import PulseHub
import PulseTesting
import Testing

@Suite(.serialized) struct FanOutTests {
    @Test func stalledReaderIsClosedWith4008WhileOthersKeepReceiving() async throws {
        try await LiveServer.with({ try $0.set("push.outboxLimitBytes", .number(262_144), source: "test") }) { server in
            let stalled = try server.webSocket(receiveBuffer: 4096)
            try subscribe(stalled, topics: ["posts"])
            let healthy = try server.webSocket()
            try subscribe(healthy, topics: ["posts"])
            let client = try server.http()
            #expect(try floodUntilASlowConsumerIsCut(client) { id in _ = try receive(healthy) { postIDs($0).contains(id) } })
            // The healthy subscriber still gets new posts after the slow one was cut off.
            #expect(try client.post("/api/posts", #"{"id":"after","text":"still flowing"}"#).status == 202)
            _ = try receive(healthy) { postIDs($0).contains("after") }
            // The stalled reader, once it reads, finds the 4008 close after what was already sent.
            var closeCode: UInt16?
            while closeCode == nil {
                guard case .close(let code, _) = try stalled.receive(timeout: 10) else { continue }
                closeCode = code
            }
            #expect(closeCode == 4008)
        }
    }

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
