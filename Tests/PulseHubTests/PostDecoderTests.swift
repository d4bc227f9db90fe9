import PulseAnalytics
import Testing
@testable import PulseHub

@Suite struct PostDecoderTests {
    let decoder = PostDecoder()

    @Test func keepsKnownFieldsAndUnknownNumbers() throws {
        let posts = try decoder.decode(Array(#"""
            {"id":7,"text":"hi","hashtags":["A"],"author":"ann","platform":"x","created_at":"2024-05-01T12:30:00Z",
             "followers":10,"likes":2,"views":99,"note":"ignored"}
            """#.utf8), format: .json)
        let post = try #require(posts.first)
        #expect(post.id == "7")
        #expect(post.hashtags == ["A"])
        #expect(post.createdAt == 1_714_566_600)
        #expect(post.metrics == ["followers": 10, "likes": 2, "views": 99])
    }

    @Test func namesTheIndexAndFieldOfTheFirstBadPost() {
        #expect(throws: PostDecoder.Rejection(code: "invalid_post", message: "post 1, field 'followers': must be a number >= 0",
                                              index: 1, field: "followers")) {
            try decoder.decode(Array(#"[{"text":"a"},{"text":"b","followers":-1},{"text":5}]"#.utf8), format: .json)
        }
    }

    @Test func appliesTheLimits() {
        var limits = PostDecoder.Limits()
        limits.maxPostsPerRequest = 2
        limits.maxTextBytes = 5
        let strict = PostDecoder(limits: limits)
        #expect(throws: PostDecoder.Rejection.self) { try strict.decode(Array("{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}".utf8), format: .ndjson) }
        #expect(throws: PostDecoder.Rejection.self) { try strict.decode(Array(#"{"text":"toolong"}"#.utf8), format: .json) }
        #expect(throws: Never.self) { try strict.decode(Array(#"{"text":"short"}"#.utf8), format: .json) }
    }

    @Test func whitespaceOnlyTextIsEmptyIncludingNoBreakSpace() {
        #expect(throws: PostDecoder.Rejection.self) { try decoder.decode(Array("{\"text\":\"\u{00A0} \\n\"}".utf8), format: .json) }
    }

    /// Ingest's `created_at` and the training features' hour of day read a time the same way.
    @Test(arguments: [
        "2024-02-29T23:59:59.5+01:00", "2024-02-29T00:00:00Z", "2024-02-30T00:00:00Z", "1900-02-29T12:00:00Z",
        "2000-02-29T12:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00+24:00",
    ])
    func createdAtAgreesWithTheTrainingFeatures(_ text: String) {
        let decoded = try? decoder.decode(Array("{\"text\":\"hi\",\"created_at\":\"\(text)\"}".utf8), format: .json).first?.createdAt
        let hour = DerivedFeature.hourOfDay.value(of: DataRecord(["created_at": .text(text)]), source: nil)
        #expect(decoded == RFC3339.parse(text))
        if let decoded {
            #expect(hour == .number(((decoded.truncatingRemainder(dividingBy: 86_400)) / 3_600).rounded(.down)))
        } else {
            #expect(hour == nil, "ingest refuses \(text), so training must too")
        }
        let accepted = text.hasPrefix("2024-02-29") || text.hasPrefix("2000-02-29")
        #expect((decoded != nil) == accepted)
    }
}
