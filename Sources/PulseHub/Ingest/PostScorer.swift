import PulseAnalytics
import PulseStore

/// Stateless scoring of posts: hashtags, VADER sentiment and the engagement prediction of the
/// current model. Safe on any thread; big batches are scored in parallel across cores.
/// It is also the text-feature source models use (sentiment from the same analyzer).
public struct PostScorer: Sendable, TextFeatureSource {
    /// Batches at least this big are split across cores.
    public var parallelThreshold = 256
    public let sentiment: SentimentAnalyzer
    public let models: ModelSlot
    /// The store's live clusters for the `cluster` feature (nil: no cluster feature).
    public var clusters: ClusterSlot?

    public init(sentiment: SentimentAnalyzer, models: ModelSlot = ModelSlot(), clusters: ClusterSlot? = nil) {
        self.sentiment = sentiment
        self.models = models
        self.clusters = clusters
    }

    /// Scores one post with `model` (the current one when omitted).
    /// Everything per post happens here, once: hashtags, compound, word terms, clustering tokens
    /// (in `ScoredPost.init`) and the prediction from a flat feature row reusing them.
    public func score(_ post: Post, model: EngagementModel?) -> ScoredPost {
        let compound = sentiment.scores(post.text).compound
        var scored = ScoredPost(post: post, hashtags: HashtagExtractor.hashtags(of: post), compound: compound)
        if let model {
            let features = PostFeatureSource(post: post, extractedHashtags: post.hashtags == nil ? scored.hashtags : nil,
                                             compound: compound)
            scored.predictedEngagement = model.predict(features, textFeatures: self)
        }
        return scored
    }

    public func score(_ post: Post) -> ScoredPost { score(post, model: models.model) }

    /// Scores a batch, keeping its order; the whole batch uses one model. A big batch blocks the
    /// calling thread on `concurrentPerform`: from async code use `score(batch:)`.
    public func score(_ posts: [Post]) -> [ScoredPost] {
        score(posts, model: models.model)
    }

    /// Scores a batch with `model`, keeping its order (in parallel when big; blocks the caller).
    public func score(_ posts: [Post], model: EngagementModel?) -> [ScoredPost] {
        guard posts.count >= parallelThreshold else { return posts.map { score($0, model: model) } }
        let chunks = min(posts.count / (parallelThreshold / 2), 64)
        let chunkSize = (posts.count + chunks - 1) / chunks
        let results = UnsafeMutableBufferPointer<ScoredPost>.allocate(capacity: posts.count)
        defer { results.deallocate() }
        nonisolated(unsafe) let output = results
        CooperativePool.concurrentPerform("PostScorer.score", iterations: chunks) { chunk in
            let start = chunk * chunkSize
            for index in start..<min(start + chunkSize, posts.count) {
                (output.baseAddress! + index).initialize(to: score(posts[index], model: model))
            }
        }
        let scored = Array(results)
        _ = results.deinitialize()
        return scored
    }

    /// Scores a batch from async code: a small batch inline (CPU only, no blocking), a big one on
    /// a dedicated thread, so its `concurrentPerform` never starts on the cooperative pool.
    public func score(batch posts: [Post]) async -> [ScoredPost] {
        await score(batch: posts, model: models.model)
    }

    private func score(batch posts: [Post], model: EngagementModel?) async -> [ScoredPost] {
        guard posts.count >= parallelThreshold else { return score(posts, model: model) }
        return await DedicatedThread.run("pulse-score") { [self] in score(posts, model: model) }
    }

    /// The scored WAL record of a batch accepted at `acceptedAt` (read from `file`, if any): the
    /// whole batch is scored with one model, whose version and target the record names.
    public func record(for posts: [Post], acceptedAt: Double, file: IngestRecord.FilePosition? = nil) async -> ScoredRecord {
        let (model, version) = models.versioned
        let scored = await score(batch: posts, model: model)
        return ScoredRecord(acceptedAt: acceptedAt, file: file, modelVersion: version, modelTarget: model?.target, posts: scored)
    }

    // TextFeatureSource: sentiment from VADER; the cluster from the store's published copy.
    public func sentimentCompound(_ text: String) -> Double { sentiment.scores(text).compound }
    public func clusterID(_ text: String, hashtags: [String]) -> Int? { clusters?.cluster(ofTags: hashtags) }
}
