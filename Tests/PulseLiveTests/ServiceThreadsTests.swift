import Foundation
import PulseHub
import PulseTesting
import Testing

/// Push with several service threads. The listener deals accepted connections to the threads in
/// turn, so consecutive WebSockets land on different threads; `/metrics` shows the subscribers
/// per thread, which the tests check before they rely on it.
@Suite(.serialized) struct ServiceThreadsTests {
    static func threads(_ count: Int, outboxLimit: Int? = nil) -> (inout PulseConfiguration) throws -> Void {
        { configuration in
            try configuration.set("server.threads", .number(Double(count)), source: "test")
            if let outboxLimit { try configuration.set("push.outboxLimitBytes", .number(Double(outboxLimit)), source: "test") }
        }
    }

    /// `pulse_thread_subscribers{thread="N"}` from `/metrics`, by thread.
    static func subscribersByThread(_ server: LiveServer) throws -> [Int] {
        try server.http().get("/metrics").text.split(separator: "\n")
            .filter { $0.hasPrefix("pulse_thread_subscribers{") }
            .map { Int($0.split(separator: " ").last!)! }
    }

    @Test func subscribersOnEveryThreadReceiveByteIdenticalDeltasInOffsetOrder() async throws {
        try await LiveServer.with(Self.threads(3)) { server in
            let sockets = try (0..<9).map { _ in try server.webSocket() }
            for socket in sockets { try subscribe(socket, topics: ["posts", "sentiment"]) }
            #expect(try Self.subscribersByThread(server) == [3, 3, 3])
            let client = try server.http()
            for index in 0..<5 {
                #expect(try client.post("/api/posts", #"{"id":"p\#(index)","text":"post \#(index) #threads"}"#).status == 202)
            }
            // Each subscriber's deltas, by offset, up to the one carrying the last post.
            var received: [[UInt64: String]] = []
            for socket in sockets {
                var byOffset: [UInt64: String] = [:]
                var seen = Set<String>()
                while seen.count < 5 {
                    guard case .text(let text) = try socket.receive(timeout: 10) else { continue }
                    let message = try #require(try? JSONParser.parse(Array(text.utf8)))
                    guard message["op"]?.stringValue == "delta" else { continue }
                    byOffset[uint(message["offset"])] = text
                    seen.formUnion(postIDs(message))
                }
                received.append(byOffset)
            }
            let offsets = received.map { Set($0.keys) }
            let common = offsets.dropFirst().reduce(offsets[0]) { $0.intersection($1) }.sorted()
            #expect(!common.isEmpty)
            // Consecutive offsets, and the same bytes on every thread.
            #expect(common == Array(common.first!...common.last!))
            for byOffset in received.dropFirst() {
                #expect(common.map { byOffset[$0] } == common.map { received[0][$0] })
            }
        }
    }

    @Test func stalledReaderOnOneThreadIsClosedWith4008WhileTheOtherThreadsKeepReceiving() async throws {
        try await LiveServer.with(Self.threads(2, outboxLimit: 262_144)) { server in
            let stalled = try server.webSocket(receiveBuffer: 4096)
            try subscribe(stalled, topics: ["posts"])
            let healthy = try server.webSocket()
            try subscribe(healthy, topics: ["posts"])
            #expect(try Self.subscribersByThread(server) == [1, 1])
            let client = try server.http()
            #expect(try floodUntilASlowConsumerIsCut(client) { id in _ = try receive(healthy) { postIDs($0).contains(id) } })
            #expect(try client.post("/api/posts", #"{"id":"after","text":"still flowing"}"#).status == 202)
            _ = try receive(healthy) { postIDs($0).contains("after") }
            var closeCode: UInt16?
            while closeCode == nil {
                guard case .close(let code, _) = try stalled.receive(timeout: 10) else { continue }
                closeCode = code
            }
            #expect(closeCode == 4008)
        }
    }

    @Test func recoveryByEpochAndOffsetWorksOnWhicheverThreadTheReconnectLands() async throws {
        try await LiveServer.with(Self.threads(2)) { server in
            let watcher = try server.webSocket()
            try subscribe(watcher, topics: ["posts"])
            let leaver = try server.webSocket()
            let subscribed = try subscribe(leaver, topics: ["posts"])
            let epoch = uint(subscribed["epoch"])
            #expect(try server.http().post("/api/posts", #"{"id":"before","text":"first"}"#).status == 202)
            let lastOffset = uint(try receive(leaver) { postIDs($0).contains("before") }["offset"])
            leaver.socket.write(closeFrame: ())
            for index in 0..<3 {
                #expect(try server.http().post("/api/posts", #"{"id":"missed-\#(index)","text":"post \#(index)"}"#).status == 202)
                _ = try receive(watcher) { postIDs($0).contains("missed-\(index)") }
            }
            // Four reconnects in a row: two land on each thread.
            let returning = try (0..<4).map { _ in try server.webSocket() }
            var recovered: [[JSONValue]] = []
            for socket in returning {
                try socket.subscribe(topics: ["posts"], recover: (epoch, lastOffset))
                let answer = try socket.receiveJSON()
                #expect(answer["recovered"] == .bool(true))
                var deltas: [JSONValue] = []
                while deltas.flatMap(postIDs).last != "missed-2" { deltas.append(try socket.receiveJSON()) }
                #expect(deltas.map { uint($0["offset"]) } == Array((lastOffset + 1)...(lastOffset + UInt64(deltas.count))))
                #expect(deltas.flatMap(postIDs) == ["missed-0", "missed-1", "missed-2"])
                recovered.append(deltas)
            }
            #expect(recovered.allSatisfy { $0 == recovered[0] })
            #expect(try Self.subscribersByThread(server).allSatisfy { $0 >= 2 })
        }
    }
}
