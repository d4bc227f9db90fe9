import Foundation
import PulseAnalytics
import PulseStore
import Testing
@testable import PulseHub

/// The `cluster` feature of live predictions: the store publishes its clusters once per delta
/// and the stateless scorer assigns posts to that copy.
@Suite struct ClusterFeatureTests {
    @Test func scorerReadsTheClustersTheStorePublishes() async throws {
        let analyzer = try SentimentLexiconFiles.load(directory: SentimentLexiconFilesTests.configDirectory)
        let store = AnalyticsStore()
        let scorer = PostScorer(sentiment: analyzer, clusters: store.clusters)
        var feed = DemoFeed(seed: 3, arcs: false)
        let posts = (0..<1_500).map { _ in feed.next().post }
        let probe = Post(id: "probe", text: "new results #machinelearning #llm")
        #expect(scorer.clusterID(probe.text, hashtags: ["machinelearning", "llm"]) == nil, "nothing published yet")
        _ = await store.ingest(await scorer.score(batch: Array(posts[..<500])), now: 1_000)
        _ = await store.takeChanges(now: 1_000)
        #expect(scorer.clusterID(probe.text, hashtags: ["machinelearning", "llm"]) == nil, "still warming up")
        _ = await store.ingest(await scorer.score(batch: Array(posts[500...])), now: 1_001)
        _ = await store.takeChanges(now: 1_001)
        let live = try #require(scorer.clusterID(probe.text, hashtags: ["machinelearning", "llm"]))
        let analyzed = await store.analyze(probe, now: 1_001)
        #expect(live == analyzed.cluster?.id, "the scorer's copy assigns like the store itself")
        let sports = try #require(scorer.clusterID("", hashtags: ["football", "nba"]))
        #expect(sports != live)
        #expect(scorer.clusterID("", hashtags: ["nosuchtagatall"]) == nil)
    }

    @Test func modelWithTheClusterFeatureUsesItLive() async throws {
        let analyzer = try SentimentLexiconFiles.load(directory: SentimentLexiconFilesTests.configDirectory)
        let store = AnalyticsStore()
        let scorer = PostScorer(sentiment: analyzer, clusters: store.clusters)
        var feed = DemoFeed(seed: 4, arcs: false)
        let posts = (0..<1_200).map { _ in feed.next().post }
        _ = await store.ingest(await scorer.score(batch: posts), now: 2_000)
        _ = await store.takeChanges(now: 2_000)
        // Likes that depend only on the cluster: a model can learn them only through the feature.
        let records = posts.map { post -> DataRecord in
            var post = post
            let cluster = scorer.clusterID(post.text, hashtags: HashtagExtractor.hashtags(of: post)) ?? -1
            post.metrics["likes"] = Double(100 * (cluster + 1))
            return DataRecord(post: post)
        }
        var grid = ParameterGrid()
        grid.nEstimators = [10]
        let model = try await DedicatedThread.run("pulse-test") { [grid] in
            try EngagementTrainer.train(
                records: records, request: .init(target: "likes", features: ["cluster", "hashtag_count"], grid: grid, folds: 0),
                textFeatures: scorer)
        }
        var errors: [Double] = []
        var blindErrors: [Double] = []
        let blind = PostScorer(sentiment: analyzer)
        for (post, record) in zip(posts.prefix(200), records) {
            let expected = try #require(record.present("likes")?.number)
            errors.append(abs(try #require(scorer.score(post, model: model).predictedEngagement) - expected))
            blindErrors.append(abs(try #require(blind.score(post, model: model).predictedEngagement) - expected))
        }
        let meanError = errors.reduce(0, +) / 200, blindMeanError = blindErrors.reduce(0, +) / 200
        #expect(meanError < 20, "mean absolute error with the live cluster feature: \(meanError)")
        #expect(blindMeanError > 3 * meanError + 20, "without clusters: \(blindMeanError)")
    }
}
