import Foundation
import Testing
@testable import PulseAnalytics

@Suite struct HashtagAnalyticsTests {
    @Test func snapshotRoundTripContinuesIdentically() throws {
        var feed = DemoFeed(seed: 9)
        var original = HashtagAnalytics()
        for _ in 0..<1_500 {
            let item = feed.next()
            _ = original.ingest(item.post, compound: item.intendedPolarity, at: item.post.createdAt ?? 0)
        }
        let snapshot = try JSONEncoder().encode(original)
        var restored = try JSONDecoder().decode(HashtagAnalytics.self, from: snapshot)
        var now = 0.0
        for _ in 0..<1_500 {
            let item = feed.next()
            now = item.post.createdAt ?? 0
            let a = original.ingest(item.post, compound: item.intendedPolarity, at: now)
            let b = restored.ingest(item.post, compound: item.intendedPolarity, at: now)
            #expect(a == b)
        }
        #expect(original.trending.top(10, at: now) == restored.trending.top(10, at: now))
        #expect(original.words.top(10, at: now) == restored.words.top(10, at: now))
        #expect(original.clusters.clusters(at: now) == restored.clusters.clusters(at: now))
        #expect(original.clusters.silhouette(at: now) == restored.clusters.silhouette(at: now))
    }

    @Test func analyzeAssignsWithoutLearning() throws {
        var feed = DemoFeed(seed: 4)
        var analytics = HashtagAnalytics()
        var now = 0.0
        for _ in 0..<2_000 {
            let item = feed.next()
            now = item.post.createdAt ?? 0
            _ = analytics.ingest(item.post, compound: 0, at: now)
        }
        let before = analytics.clusters.clusters(at: now)
        let result = analytics.analyze(Post(text: "new model ships #LLM #AI"), at: now)
        #expect(result.hashtags == ["llm", "ai"])
        let cluster = try #require(result.cluster)
        #expect(before[cluster.cluster].topTerms.contains("llm") || before[cluster.cluster].topTerms.contains("ai"))
        #expect(analytics.clusters.clusters(at: now) == before)
        let words = analytics.words.top(20, at: now).map(\.term)
        #expect(words.count == 20)
        #expect(words.contains("love") && words.contains("hate"))
        #expect(!words.contains { EnglishStopwords.all.contains($0) })
    }
}
