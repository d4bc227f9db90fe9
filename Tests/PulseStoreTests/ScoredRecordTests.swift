import PulseAnalytics
import Testing
@testable import PulseStore

/// The version-2 WAL record: scored posts with everything the store applies.
@Suite struct ScoredRecordTests {
    static func sample() -> ScoredRecord {
        var feed = DemoFeed(seed: 5)
        var posts = (0..<40).map { index -> ScoredPost in
            let post = feed.next().post
            return ScoredPost(post: post, hashtags: HashtagExtractor.hashtags(of: post), compound: Double(index) / 40 - 0.5,
                              predictedEngagement: index % 3 == 0 ? nil : Double(index) * 1.25)
        }
        // Every field set by hand, tokens differing from the hashtags, Unicode, a NaN-free extreme.
        posts.append(ScoredPost(
            post: Post(id: "x", text: "Unicode 日本 🎉 Éclair café #Été", hashtags: ["Été", "日本"], author: "a", platform: "p",
                       createdAt: 1_795_000_000.5, metrics: ["views": 1.5e9, "likes": 0]),
            hashtags: ["été", "日本"], compound: -0.9999, predictedEngagement: -1e300,
            words: ["unicode", "éclair", "café"], tagTokens: ["été", "日本", "été"], textLength: 29))
        posts.append(ScoredPost(post: Post(text: ""), hashtags: [], compound: 0, predictedEngagement: nil,
                                words: [], tagTokens: [], textLength: 0))
        return ScoredRecord(acceptedAt: 1_795_600_000.25, file: .init(path: "/in/a.jsonl", inode: 42, offset: 1 << 40),
                            modelVersion: 0xDEAD_BEEF_0123_4567, modelTarget: "likes", posts: posts)
    }

    @Test func roundTripsEveryField() throws {
        let record = Self.sample()
        #expect(record.posts.contains { $0.tagTokens != $0.hashtags } && record.posts.contains { $0.tagTokens == $0.hashtags })
        let decoded = try ScoredRecord(decoding: record.encoded())
        #expect(decoded == record)
        // Field by field, so a lossy Equatable could not hide a difference.
        #expect(decoded.acceptedAt == record.acceptedAt && decoded.file == record.file)
        #expect(decoded.modelVersion == record.modelVersion && decoded.modelTarget == "likes")
        for (a, b) in zip(decoded.posts, record.posts) {
            #expect(a.post == b.post && a.hashtags == b.hashtags && a.compound == b.compound)
            #expect(a.predictedEngagement == b.predictedEngagement && a.words == b.words)
            #expect(a.tagTokens == b.tagTokens && a.textLength == b.textLength)
        }
        let bare = ScoredRecord(acceptedAt: 0, posts: [])
        let decodedBare = try ScoredRecord(decoding: bare.encoded())
        #expect(decodedBare == bare && decodedBare.file == nil && decodedBare.modelTarget == nil && decodedBare.modelVersion == 0)
        #expect(try LoggedRecord(decoding: record.encoded()) == .scored(record))
        let raw = IngestRecord(acceptedAt: 3, posts: [Post(text: "old")])
        #expect(try LoggedRecord(decoding: raw.encoded()) == .raw(raw))
    }

    @Test func refusesEveryTruncation() {
        let record = ScoredRecord(acceptedAt: 1, file: .init(path: "f", inode: 1, offset: 2), modelVersion: 7, modelTarget: "likes",
                                  posts: [ScoredPost(post: Post(id: "a", text: "hello #there world", metrics: ["likes": 2]),
                                                     hashtags: ["there"], compound: 0.4, predictedEngagement: 3)])
        let bytes = record.encoded()
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { try ScoredRecord(decoding: Array(bytes[..<length])) }
            #expect(throws: (any Error).self) { try LoggedRecord(decoding: Array(bytes[..<length])) }
        }
    }

    @Test func refusesMalformedRecordsSayingWhy() throws {
        func message(_ bytes: [UInt8]) -> String {
            do {
                _ = try LoggedRecord(decoding: bytes)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        let post = ScoredPost(post: Post(text: "hello world"), hashtags: [], compound: 0.1)
        let good = ScoredRecord(acceptedAt: 1, posts: [post]).encoded()
        #expect(message([9] + good.dropFirst()).contains("unknown version 9"))
        #expect(message([]).contains("empty"))
        var badHeader = good
        badHeader[9] = 0x80
        #expect(message(badHeader).contains("unknown header flags"))
        #expect(message(good + [0]).contains("trailing bytes"))
        // A text length longer than the text. Layout: version, time (8), flags, model version,
        // count; post flags, text (length + 11), metric count; scored flags, hashtag count,
        // compound (8), text length at byte 36.
        var badLength = good
        #expect(badLength[36] == 11, "the text length byte")
        badLength[36] = 120
        #expect(message(badLength).contains("post 0: text length 120 exceeds the text"))
        // Invalid UTF-8 in the text.
        var badText = good
        let h = try #require(badText.firstIndex(of: UInt8(ascii: "h")))
        badText[h] = 0xFF
        #expect(message(badText).contains("post 0: invalid UTF-8"))
    }
}
