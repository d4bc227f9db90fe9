/// A post after stateless scoring (hashtags, sentiment, engagement prediction) together with the
/// text-derived values the store's analytics consume (word terms, clustering tokens, length), so
/// the store actor only applies precomputed values and never re-tokenises text. What the store
/// aggregates, what the WAL's scored records carry and what subscribers see. A plain value,
/// shared freely between threads.
public struct ScoredPost: Sendable, Hashable {
    public var post: Post
    /// Normalised hashtags (lower-cased, without `#`): the explicit ones, or those found in the text.
    public var hashtags: [String]
    /// VADER compound score in [-1, 1].
    public var compound: Double
    /// Predicted engagement (likes + shares + comments), when a model is loaded.
    public var predictedEngagement: Double?
    /// The distinct word-cloud terms of the text (`WordTerms.terms(of:)`), in order of first appearance.
    public var words: [String]
    /// The clustering tokens of the hashtags (`TfidfTokenizer.tokens(ofTags:)`), repeats kept.
    public var tagTokens: [String]
    /// The text's length in Unicode scalars (the `text_length` correlation field).
    public var textLength: Int

    /// Computes the text-derived values (words, tag tokens, length) from `post` and `hashtags`.
    public init(post: Post, hashtags: [String], compound: Double = 0, predictedEngagement: Double? = nil) {
        self.init(post: post, hashtags: hashtags, compound: compound, predictedEngagement: predictedEngagement,
                  words: WordTerms.terms(of: post.text), tagTokens: TfidfTokenizer.tokens(ofTags: hashtags),
                  textLength: post.text.unicodeScalars.count)
    }

    /// Every value given (a decoded scored record): nothing is recomputed.
    public init(post: Post, hashtags: [String], compound: Double, predictedEngagement: Double?,
                words: [String], tagTokens: [String], textLength: Int) {
        self.post = post
        self.hashtags = hashtags
        self.compound = compound
        self.predictedEngagement = predictedEngagement
        self.words = words
        self.tagTokens = tagTokens
        self.textLength = textLength
    }

    /// "positive" above 0.05, "negative" below -0.05, else "neutral" (VADER's convention).
    public var label: String {
        compound > 0.05 ? "positive" : compound < -0.05 ? "negative" : "neutral"
    }
}
