import Testing
@testable import PulseAnalytics

@Suite struct DemoFeedTests {
    @Test func sameSeedGivesSameStream() {
        var first = DemoFeed(seed: 7)
        var second = DemoFeed(seed: 7)
        for _ in 0..<500 {
            let a = first.next(), b = second.next()
            #expect(a.post == b.post)
            #expect(a.topic == b.topic)
        }
    }

    @Test func postsCarryTheirTopicsHashtagsAndEngagement() {
        var feed = DemoFeed(seed: 1)
        var topicsSeen = Set<Int>()
        for _ in 0..<2_000 {
            let item = feed.next()
            topicsSeen.insert(item.topic)
            let lowered = item.post.text.lowercased()
            let topicTags = DemoTopic.all[item.topic].hashtags
            #expect(topicTags.contains { lowered.contains("#" + $0) }, "\(item.post.text)")
            #expect(item.post.metrics["followers", default: -1] >= 0)
            #expect(item.post.metrics["likes", default: -1] >= 0)
            #expect(item.post.id != nil)
        }
        #expect(topicsSeen.count == DemoTopic.all.count)
    }

    @Test func differentSeedsDiffer() {
        var first = DemoFeed(seed: 1)
        var second = DemoFeed(seed: 2)
        let a = (0..<20).map { _ in first.next().post.text }
        let b = (0..<20).map { _ in second.next().post.text }
        #expect(a != b)
    }
}
