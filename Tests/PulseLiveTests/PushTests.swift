import Foundation
import PulseHub
import PulseTesting
import Testing

@Suite struct PushTests {
    @Test func postedPostReachesSubscriberWithinOneSecond() async throws {
        try await LiveServer.with { server in
            let socket = try server.webSocket()
            try subscribe(socket, topics: ["posts"])
            let response = try server.http().post("/api/posts", #"{"id":"p-1","text":"Hello #pulse, what a great day"}"#)
            #expect(response.status == 202)
            // Measured from the 202 (the post is durable then), as the fan-out latency is: the
            // fsync before it depends on the disk and on what else the tests run meanwhile.
            let acknowledged = Date()
            let delta = try receive(socket, within: 1) { postIDs($0).contains("p-1") }
            #expect(Date().timeIntervalSince(acknowledged) < 1)
            #expect(delta["op"]?.stringValue == "delta")
            let post = delta["topics"]?["posts"]?.arrayValue?.first
            #expect(post?["hashtags"] == .array([.string("pulse")]))
        }
    }

    @Test func hashtagFilterPassesOnlyMatchingPosts() async throws {
        try await LiveServer.with { server in
            let filtered = try server.webSocket()
            try subscribe(filtered, topics: ["posts"], hashtags: ["#Swift"])
            let everything = try server.webSocket()
            try subscribe(everything, topics: ["posts"])
            let body = """
                [{"id":"s1","text":"I like #swift"},{"id":"r1","text":"I like #rust"},{"id":"s2","text":"more","hashtags":["SWIFT"]}]
                """
            #expect(try server.http().post("/api/posts", body).status == 202)
            let all = try receive(everything) { !postIDs($0).isEmpty }
            #expect(postIDs(all) == ["s1", "r1", "s2"])
            let only = try receive(filtered) { !postIDs($0).isEmpty }
            #expect(postIDs(only) == ["s1", "s2"])
            #expect(only["offset"] == all["offset"])
        }
    }

    @Test func keywordFilterMatchesTextIgnoringCase() async throws {
        try await LiveServer.with { server in
            let socket = try server.webSocket()
            try subscribe(socket, topics: ["posts"], keywords: ["Launch"])
            #expect(try server.http().post("/api/posts", #"[{"id":"a","text":"the LAUNCH went well"},{"id":"b","text":"nothing here"}]"#).status == 202)
            let delta = try receive(socket) { !postIDs($0).isEmpty }
            #expect(postIDs(delta) == ["a"])
        }
    }

    @Test func reconnectWithEpochAndOffsetRecoversExactlyTheMissedDeltas() async throws {
        try await LiveServer.with { server in
            let watcher = try server.webSocket()
            try subscribe(watcher, topics: ["posts", "sentiment"])
            let leaver = try server.webSocket()
            let subscribed = try subscribe(leaver, topics: ["posts", "sentiment"])
            let epoch = uint(subscribed["epoch"])
            #expect(try server.http().post("/api/posts", #"{"id":"before","text":"first"}"#).status == 202)
            let seen = try receive(leaver) { postIDs($0).contains("before") }
            let lastOffset = uint(seen["offset"])
            leaver.socket.write(closeFrame: ())
            var missed: [JSONValue] = []
            for index in 0..<3 {
                #expect(try server.http().post("/api/posts", #"{"id":"missed-\#(index)","text":"post \#(index)"}"#).status == 202)
                missed.append(try receive(watcher) { postIDs($0).contains("missed-\(index)") })
            }
            let returning = try server.webSocket()
            try returning.subscribe(topics: ["posts", "sentiment"], recover: (epoch, lastOffset))
            let answer = try returning.receiveJSON()
            #expect(answer["op"]?.stringValue == "subscribed")
            #expect(answer["recovered"] == .bool(true))
            #expect(uint(answer["offset"]) == lastOffset)
            let watcherDeltas = try deltas(after: lastOffset, through: uint(missed.last?["offset"]), from: watcher, already: missed)
            var recovered: [JSONValue] = []
            while recovered.count < watcherDeltas.count { recovered.append(try returning.receiveJSON()) }
            #expect(recovered.map { $0["op"]?.stringValue } == Array(repeating: "delta", count: watcherDeltas.count))
            #expect(recovered.map { uint($0["offset"]) } == Array((lastOffset + 1)...(lastOffset + UInt64(watcherDeltas.count))))
            #expect(recovered == watcherDeltas)
            #expect(recovered.flatMap(postIDs) == ["missed-0", "missed-1", "missed-2"])
        }
    }

    /// The watcher's deltas with offsets in (after, through], in order (some may be in `already`).
    private func deltas(after: UInt64, through: UInt64, from watcher: TestWebSocket, already: [JSONValue]) throws -> [JSONValue] {
        var byOffset: [UInt64: JSONValue] = [:]
        for message in already { byOffset[uint(message["offset"])] = message }
        while (after + 1...through).contains(where: { byOffset[$0] == nil }) {
            let message = try watcher.receiveJSON()
            byOffset[uint(message["offset"])] = message
        }
        return (after + 1...through).map { byOffset[$0]! }
    }

    @Test func offsetOlderThanTheHistoryGivesASnapshot() async throws {
        try await LiveServer.with({ try $0.set("push.historySize", .number(2), source: "test") }) { server in
            let watcher = try server.webSocket()
            let subscribed = try subscribe(watcher, topics: ["posts"])
            let epoch = uint(subscribed["epoch"])
            let start = uint(subscribed["offset"])
            for index in 0..<4 {
                #expect(try server.http().post("/api/posts", #"{"id":"old-\#(index)","text":"post"}"#).status == 202)
                _ = try receive(watcher) { postIDs($0).contains("old-\(index)") }
            }
            let late = try server.webSocket()
            try late.subscribe(topics: ["posts"], recover: (epoch, start))
            let answer = try late.receiveJSON()
            #expect(answer["recovered"] == .bool(false))
            let snapshot = try late.receiveJSON()
            #expect(snapshot["op"]?.stringValue == "snapshot")
            #expect(Set(postIDs(snapshot)).isSuperset(of: ["old-0", "old-1", "old-2", "old-3"]))
            let stranger = try server.webSocket()
            try stranger.subscribe(topics: ["posts"], recover: (epoch &+ 1, uint(answer["offset"])))
            #expect(try stranger.receiveJSON()["recovered"] == .bool(false))
        }
    }

    @Test func badSubscribeMessageClosesWith4000() async throws {
        try await LiveServer.with { server in
            for message in [#"{"op":"subscribe","topics":["nope"]}"#, "not json", #"{"op":"dance"}"#] {
                let socket = try server.webSocket()
                try socket.send(message)
                guard case .close(let code, let reason) = try socket.receive() else {
                    Issue.record("expected a close for \(message)")
                    continue
                }
                #expect(code == 4000)
                #expect(!reason.isEmpty)
            }
        }
    }
}

extension TestSocket {
    /// Sends a masked close frame (1000) and stops.
    func write(closeFrame: Void) {
        try? write([0x88, 0x82, 1, 2, 3, 4, 0x03 ^ 1, 0xE8 ^ 2])
    }
}
