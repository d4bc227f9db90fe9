import Foundation
import Testing
@testable import PulseAnalytics

/// The flat per-post feature row gives exactly the row (and prediction) of the dictionary path
/// `DataRecord(post:)`, also with the scorer's precomputed hashtags and compound.
@Suite struct PostFeatureSourceTests {
    static func model() async throws -> EngagementModel {
        let request = EngagementTrainer.Request(
            target: "likes",
            features: ["followers", "platform", "text_length", "hashtag_count", "hour_of_day", "day_of_week",
                       "sentiment_compound", "cluster", "created_at"],
            grid: try ParameterGrid(parsing: "n_estimators=12;max_depth=6"), folds: 0, seed: 9)
        return try await offPool {
            try EngagementTrainer.train(records: engagementRecords(300, seed: 3), request: request, textFeatures: FakeTextSource())
        }
    }

    static func posts() -> [Post] {
        var feed = DemoFeed(seed: 11)
        var posts = (0..<300).map { _ in feed.next().post }
        posts += [
            Post(text: "no metrics #One #two"),
            Post(text: "explicit tags win #ignored", hashtags: ["#a", "b c", ""], platform: "twitter", metrics: ["followers": 10]),
            Post(text: "empty explicit list falls back to #text #tags", hashtags: []),
            Post(text: "a metric named like a field", platform: "NA", metrics: ["platform": 3, "followers": .nan]),
            Post(text: "metric hashtags #x", metrics: ["hashtags": 4, "created_at": 86_400 * 3 + 7_200]),
            Post(text: "", author: "", platform: " mastodon ", createdAt: -1, metrics: ["followers": 1e6]),
        ]
        return posts
    }

    @Test func flatRowEqualsTheDictionaryRow() async throws {
        let model = try await Self.model()
        let source = FakeTextSource()
        for post in Self.posts() {
            let expected = model.preprocessor.encode(DataRecord(post: post), textSource: source)
            var row = [Double](repeating: -7, count: model.preprocessor.encodedCount)
            row.withUnsafeMutableBufferPointer { model.preprocessor.encode(PostFeatureSource(post: post), textSource: source, into: $0) }
            #expect(row == expected, "\(post.text)")
            let precomputed = PostFeatureSource(
                post: post, extractedHashtags: post.hashtags == nil ? HashtagExtractor.hashtags(of: post) : nil,
                compound: source.sentimentCompound(post.text))
            let viaPost = model.predict(precomputed, textFeatures: source)
            #expect(viaPost == model.predict(DataRecord(post: post), textFeatures: source), "\(post.text)")
            #expect(model.predict(post, textFeatures: source) == viaPost)
        }
        // Without a text source, sentiment and cluster are missing on both paths alike.
        let post = Self.posts()[0]
        #expect(model.predict(post) == model.predict(DataRecord(post: post)))
    }
}
