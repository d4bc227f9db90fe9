/// A post after stateless scoring (hashtags, sentiment, engagement prediction): what the store
/// aggregates and what subscribers see. A plain value, shared freely between threads.
public struct ScoredPost: Sendable, Hashable {
    public var post: Post
    /// Normalised hashtags (lower-cased, without `#`): the explicit ones, or those found in the text.
    public var hashtags: [String]
    /// VADER compound score in [-1, 1].
    public var compound: Double
    /// Predicted engagement (likes + shares + comments), when a model is loaded.
    public var predictedEngagement: Double?

    public init(post: Post, hashtags: [String], compound: Double = 0, predictedEngagement: Double? = nil) {
        self.post = post
        self.hashtags = hashtags
        self.compound = compound
        self.predictedEngagement = predictedEngagement
    }

    /// "positive" above 0.05, "negative" below -0.05, else "neutral" (VADER's convention).
    public var label: String {
        compound > 0.05 ? "positive" : compound < -0.05 ? "negative" : "neutral"
    }
}
