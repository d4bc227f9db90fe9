import Foundation
import PulseHub
import PulseTesting
import Testing

/// Server-Sent Events at `/api/stream` against a live server: delivery, `Last-Event-ID`
/// recovery, the slow-consumer cut, heartbeats, auth and bad queries.
@Suite struct EventStreamTests {
    /// Opens a stream and consumes `subscribed` (and the snapshot when not recovered).
    @discardableResult
    func open(_ server: LiveServer, _ query: String, headers: [(String, String)] = [], receiveBuffer: Int32? = nil)
        throws -> (stream: TestEventStream, subscribed: JSONValue) {
        let stream = try TestEventStream(port: server.port, query: query, headers: headers, receiveBuffer: receiveBuffer)
        #expect(stream.status == 200)
        #expect(stream.headers["content-type"] == "text/event-stream")
        let (id, subscribed) = try stream.nextJSON()
        #expect(subscribed["op"]?.stringValue == "subscribed")
        #expect(id == "\(uint(subscribed["epoch"])):\(uint(subscribed["offset"]))")
        if subscribed["recovered"] == .bool(false) {
            let snapshot = try stream.nextJSON().message
            #expect(snapshot["op"]?.stringValue == "snapshot")
            #expect(snapshot["offset"] == subscribed["offset"])
        }
        return (stream, subscribed)
    }

    func event(_ stream: TestEventStream, within timeout: Double = 3, until match: (JSONValue) -> Bool) throws -> (id: String?, message: JSONValue) {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let event = try stream.nextJSON(timeout: max(0.01, deadline.timeIntervalSinceNow))
            if match(event.message) { return event }
        }
    }

    @Test func postedPostArrivesAsAnEventWithItsPositionAsIDEvenAfterTheIdleTimeout() async throws {
        try await LiveServer.with({ try $0.set("server.idleTimeoutSeconds", .number(1), source: "test") }) { server in
            let (stream, subscribed) = try open(server, "topics=posts&hashtags=pulse")
            Thread.sleep(forTimeInterval: 2.5)  // longer than the idle timeout: the stream must stay open
            #expect(subscribed["topics"] == .array([.string("posts")]))
            #expect(try server.http().post("/api/posts", #"[{"id":"other","text":"no tag"},{"id":"e-1","text":"Hello #pulse"}]"#).status == 202)
            let (id, delta) = try event(stream) { !postIDs($0).isEmpty }
            #expect(delta["op"]?.stringValue == "delta")
            #expect(postIDs(delta) == ["e-1"])
            #expect(id == "\(uint(delta["epoch"])):\(uint(delta["offset"]))")
        }
    }

    @Test func lastEventIDRecoversExactlyTheMissedDeltasAsTheWebSocketSeesThem() async throws {
        try await LiveServer.with { server in
            let watcher = try server.webSocket()
            try subscribe(watcher, topics: ["posts", "sentiment"])
            let (leaver, _) = try open(server, "topics=posts,sentiment")
            #expect(try server.http().post("/api/posts", #"{"id":"before","text":"first"}"#).status == 202)
            let (lastID, seen) = try event(leaver) { postIDs($0).contains("before") }
            close(leaver.socket.descriptor)
            var missed: [JSONValue] = [try receive(watcher) { postIDs($0).contains("before") }]
            for index in 0..<3 {
                #expect(try server.http().post("/api/posts", #"{"id":"missed-\#(index)","text":"post \#(index)"}"#).status == 202)
                missed.append(try receive(watcher) { postIDs($0).contains("missed-\(index)") })
            }
            let lastOffset = uint(seen["offset"])
            let expected = missed.filter { uint($0["offset"]) > lastOffset }
            let returning = try TestEventStream(port: server.port, query: "topics=posts,sentiment", headers: [("Last-Event-ID", lastID ?? "")])
            let answer = try returning.nextJSON().message
            #expect(answer["recovered"] == .bool(true))
            #expect(uint(answer["offset"]) == lastOffset)
            var recovered: [JSONValue] = []
            while recovered.count < expected.count { recovered.append(try returning.nextJSON().message) }
            // Nothing skipped, nothing repeated, byte-for-byte the WebSocket's JSON.
            #expect(recovered.map { uint($0["offset"]) } == Array((lastOffset + 1)...(lastOffset + UInt64(expected.count))))
            #expect(recovered == expected)
            #expect(recovered.flatMap(postIDs) == ["missed-0", "missed-1", "missed-2"])
        }
    }

    @Test func lastEventIDOlderThanTheHistoryFromAnotherEpochOrMalformedGivesASnapshot() async throws {
        try await LiveServer.with({ try $0.set("push.historySize", .number(2), source: "test") }) { server in
            let (watcher, subscribed) = try open(server, "topics=posts")
            let epoch = uint(subscribed["epoch"])
            for index in 0..<4 {
                #expect(try server.http().post("/api/posts", #"{"id":"old-\#(index)","text":"post"}"#).status == 202)
                _ = try event(watcher) { postIDs($0).contains("old-\(index)") }
            }
            for position in ["\(epoch):\(uint(subscribed["offset"]))", "\(epoch &+ 1):1", "yesterday"] {
                let late = try TestEventStream(port: server.port, query: "topics=posts", headers: [("Last-Event-ID", position)])
                #expect(try late.nextJSON().message["recovered"] == .bool(false))
                let snapshot = try late.nextJSON().message
                #expect(snapshot["op"]?.stringValue == "snapshot")
                #expect(Set(postIDs(snapshot)).isSuperset(of: ["old-0", "old-1", "old-2", "old-3"]))
            }
        }
    }

    @Test func quietStreamGetsAHeartbeatComment() async throws {
        try await LiveServer.with { server in
            let (stream, _) = try open(server, "topics=alerts")
            let started = Date()
            var comment: String?
            while comment == nil { comment = try stream.next(timeout: 20).comment }
            #expect(comment == "heartbeat")
            #expect(Date().timeIntervalSince(started) > 10)
        }
    }

    @Test func streamNeedsASubscribeToken() async throws {
        try await LiveServer.with({ try $0.set("auth.subscribeTokens", text: "sub-token", source: "test") }) { server in
            let missing = try TestEventStream(port: server.port, query: "topics=posts")
            #expect(missing.status == 401)
            #expect(try TestEventStream(port: server.port, query: "token=wrong").status == 401)
            try open(server, "topics=posts&token=sub-token")
            try open(server, "topics=posts", headers: [("Authorization", "Bearer sub-token")])
        }
    }

    @Test func badQueryIsRefusedWith400NamingIt() async throws {
        try await LiveServer.with { server in
            for (query, mention) in [("topics=nope", "nope"), ("colour=red", "colour"), ("hashtags=%23", "empty")] {
                let stream = try TestEventStream(port: server.port, query: query)
                #expect(stream.status == 400)
                let body = try JSONParser.parse(stream.refusal)
                #expect(body["error"]?.stringValue == "bad_subscription")
                #expect(body["message"]?.stringValue?.contains(mention) == true)
            }
            // Found by schemathesis: a Last-Event-ID over 1 KB was ignored instead of refused.
            let longID = try TestEventStream(port: server.port, query: "", headers: [("Last-Event-ID", String(repeating: "P", count: 2000))])
            #expect(longID.status == 400)
            #expect(try server.http().request("POST", "/api/stream", body: Array("x".utf8)).status == 405)
        }
    }
}

/// The SSE slow-consumer test runs in the serialized `FanOutTests` suite: two flood tests at once
/// starve each other's healthy readers on two cores.
extension FanOutTests {
    @Test func stalledEventStreamIsCutWhileOthersKeepReceiving() async throws {
        let streams = EventStreamTests()
        try await LiveServer.with({ try $0.set("push.outboxLimitBytes", .number(262_144), source: "test") }) { server in
            let (stalled, _) = try streams.open(server, "topics=posts", receiveBuffer: 4096)
            let (healthy, _) = try streams.open(server, "topics=posts")
            let client = try server.http()
            #expect(try floodUntilASlowConsumerIsCut(client) { id in _ = try streams.event(healthy, within: 10) { postIDs($0).contains(id) } })
            #expect(try client.post("/api/posts", #"{"id":"after","text":"still flowing"}"#).status == 202)
            _ = try streams.event(healthy, within: 10) { postIDs($0).contains("after") }
            // The stalled reader's stream ends (after what was already sent); it would recover with Last-Event-ID.
            #expect(stalled.socket.waitForClose(timeout: 15))
        }
    }
}
