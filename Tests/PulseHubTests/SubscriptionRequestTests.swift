import PulseStore
import Testing
@testable import PulseHub

@Suite struct SubscriptionRequestTests {
    @Test func parsesTopicsFilterRecoverAndToken() throws {
        let request = try SubscriptionRequest.parse(Array(#"""
            {"op":"subscribe","topics":["posts","trending"],"filter":{"hashtags":["#AI"],"keywords":["GPU"]},
             "recover":{"epoch":5,"offset":9},"token":"t"}
            """#.utf8))
        #expect(request.key.topics == [.posts, .trending])
        #expect(request.key.filter == PostFilter(hashtags: ["ai"], keywords: ["gpu"]))
        #expect(request.recover?.epoch == 5)
        #expect(request.recover?.offset == 9)
        #expect(request.token == "t")
    }

    @Test func defaultsToEveryTopic() throws {
        #expect(try SubscriptionRequest.parse(Array(#"{"op":"subscribe"}"#.utf8)).key.topics == Set(Topic.allCases))
    }

    @Test(arguments: [
        #"{"op":"subscribe","topics":"posts"}"#, #"{"op":"subscribe","topics":["bogus"]}"#, #"{"op":"unsubscribe"}"#,
        #"{"op":"subscribe","recover":{"epoch":-1,"offset":0}}"#, #"{"op":"subscribe","filter":{"hashtags":[1]}}"#, "[]",
    ])
    func refusesBadMessages(_ text: String) {
        #expect(throws: SubscriptionRequest.Invalid.self) { try SubscriptionRequest.parse(Array(text.utf8)) }
    }
}
