import Foundation
import PulseHub
import PulseTesting
import Testing

/// Reads messages until one satisfies `match` (returned) or `timeout` passes (throws).
func receive(_ socket: TestWebSocket, within timeout: Double = 3, until match: (JSONValue) -> Bool) throws -> JSONValue {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw TestSocket.Failure(description: "no matching message within \(timeout) s") }
        let message = try socket.receiveJSON(timeout: remaining)
        if match(message) { return message }
    }
}

/// Subscribes and consumes `subscribed` (and the snapshot when not recovered); returns the subscribed message.
@discardableResult
func subscribe(_ socket: TestWebSocket, topics: [String]? = nil, hashtags: [String] = [], keywords: [String] = [],
               recover: (epoch: UInt64, offset: UInt64)? = nil) throws -> JSONValue {
    try socket.subscribe(topics: topics, hashtags: hashtags, keywords: keywords, recover: recover)
    let subscribed = try socket.receiveJSON()
    #expect(subscribed["op"]?.stringValue == "subscribed")
    if subscribed["recovered"] == .bool(false) {
        let snapshot = try socket.receiveJSON()
        #expect(snapshot["op"]?.stringValue == "snapshot")
        #expect(snapshot["offset"] == subscribed["offset"])
    }
    return subscribed
}

/// The ids of the posts a delta or snapshot carries.
func postIDs(_ message: JSONValue) -> [String] {
    message["topics"]?["posts"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
}

/// Total posts in `GET /api/state`.
func totalPosts(_ server: LiveServer) throws -> Double {
    try server.http().get("/api/state").json?["stats"]?["total"]?.numberValue ?? -1
}

func uint(_ value: JSONValue?) -> UInt64 { UInt64(value?.numberValue ?? 0) }

/// Posts batches of ten long posts until the server counts one slow-consumer disconnect (at most
/// 60 batches); after each batch `healthyReceives` is given the batch's last id and must wait
/// until a healthy reader has it. Returns whether the cut happened.
func floodUntilASlowConsumerIsCut(_ client: TestHTTPClient, healthyReceives: (String) throws -> Void) throws -> Bool {
    let longText = String(repeating: "word ", count: 3000)
    for batch in 0..<60 {
        let posts = (0..<10).map { #"{"id":"b\#(batch)-\#($0)","text":"\#(longText)"}"# }.joined(separator: ",")
        #expect(try client.post("/api/posts", "[\(posts)]").status == 202)
        try healthyReceives("b\(batch)-9")
        if try client.get("/metrics").text.contains("pulse_slow_consumer_disconnects_total 1\n") { return true }
    }
    return false
}
