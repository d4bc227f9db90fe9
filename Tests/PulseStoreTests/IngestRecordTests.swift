import PulseAnalytics
import Testing
@testable import PulseStore

@Suite struct IngestRecordTests {
    @Test func roundTripsEveryField() throws {
        var feed = DemoFeed(seed: 3)
        var posts = (0..<50).map { _ in feed.next().post }
        posts.append(Post(id: "x", text: "Unicode 日本 🎉 \u{00A0}", hashtags: ["a", "日本"], author: nil, platform: "p",
                          createdAt: nil, metrics: ["views": 1.5e9]))
        let record = IngestRecord(acceptedAt: 1_795_600_000.25, posts: posts,
                                  file: .init(path: "/in/a.jsonl", inode: 42, offset: 1 << 40))
        #expect(try IngestRecord(decoding: record.encoded()) == record)
        let bare = IngestRecord(acceptedAt: 0, posts: [Post(text: "t")])
        #expect(try IngestRecord(decoding: bare.encoded()) == bare)
    }

    @Test func refusesEveryTruncation() {
        let bytes = IngestRecord(acceptedAt: 1, posts: [Post(id: "a", text: "hello", metrics: ["likes": 2])]).encoded()
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { try IngestRecord(decoding: Array(bytes[..<length])) }
        }
    }
}
