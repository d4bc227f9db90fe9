import PulseHub
import PulseStore
import Testing

@Suite struct EventStreamRequestTests {
    @Test func queryBecomesTheSameSubscriptionAsAWebSocketMessage() throws {
        let request = try EventStreamRequest.parse(query: "topics=posts,trending&hashtags=%23Swift,ai&keywords=GPU&token=t", lastEventID: "12:34")
        let expected = try SubscriptionRequest.parse(Array(##"{"op":"subscribe","topics":["posts","trending"],"filter":{"hashtags":["#Swift","ai"],"keywords":["GPU"]},"recover":{"epoch":12,"offset":34}}"##.utf8))
        // (lws percent-decodes the query before the hub sees it; here the `%23` stays literal.)
        #expect(request.subscription.key.topics == expected.key.topics)
        #expect(request.subscription.key.filter.keywords == ["gpu"])
        #expect(request.subscription.recover?.epoch == 12 && request.subscription.recover?.offset == 34)
        #expect(request.token == "t")
        let plain = try EventStreamRequest.parse(query: "", lastEventID: nil)
        #expect(plain.subscription.key.topics == Set(Topic.allCases))
        #expect(plain.subscription.recover == nil)
        #expect(try EventStreamRequest.parse(query: "lastEventId=5:6", lastEventID: nil).subscription.recover?.offset == 6)
        #expect(try EventStreamRequest.parse(query: "lastEventId=5:6", lastEventID: "7:8").subscription.recover?.offset == 8)
    }

    @Test func badInputIsRefusedWithAReason() {
        for (query, lastEventID, mention) in [("topics=nope", nil, "nope"), ("x=1", nil, "'x'"),
                                              ("hashtags=" + String(repeating: "a", count: 141), nil, "140"),
                                              ("keywords=" + (0...20).map { "k\($0)" }.joined(separator: ","), nil, "at most 20"),
                                              ("token=" + String(repeating: "t", count: 257), nil, "token"),
                                              ("", String(repeating: "1", count: 257), "Last-Event-ID")] as [(String, String?, String)] {
            #expect {
                _ = try EventStreamRequest.parse(query: query, lastEventID: lastEventID)
            } throws: { error in
                (error as? SubscriptionRequest.Invalid)?.reason.contains(mention) == true
            }
        }
    }

    @Test func lastEventIDThatIsNotAPositionStartsAfresh() throws {
        for id in ["7", "a:b", "1:-2", "", "12345678901234567:1"] {
            #expect(try EventStreamRequest.parse(query: "", lastEventID: id).subscription.recover == nil, "\(id)")
        }
    }

    @Test func framesCarryThePositionAsID() {
        let payload = Array(#"{"op":"delta","epoch":77,"offset":1234,"time":1.5,"topics":{}}"#.utf8)
        var frame: [UInt8] = []
        payload.withUnsafeBytes { EventStreamFrame.append($0, to: &frame) }
        #expect(String(decoding: frame, as: UTF8.self) == "id: 77:1234\ndata: \(String(decoding: payload, as: UTF8.self))\n\n")
        #expect(EventStreamFrame.position(fromID: "77:1234")! == (77, 1234))
        #expect(EventStreamFrame.position(fromID: "77:") == nil)
        #expect(EventStreamFrame.position(fromID: "+7:1") == nil)
    }
}
