/// Something unusual in the stream, with the numbers that triggered it. A plain value that
/// encodes to JSON with snake_case keys (absent numbers are omitted); shared freely.
public struct Alert: Sendable, Codable, Equatable {
    /// What kind of event fired.
    public enum Kind: String, Sendable, Codable {
        /// A hashtag's current rate rose far above its own baseline.
        case hashtagBurst = "hashtag_burst"
        /// The short-window mean sentiment moved away from its baseline.
        case sentimentShift = "sentiment_shift"
    }

    public var kind: Kind
    /// When it fired, seconds since 1970 (the `now` passed in).
    public var time: Double
    /// One human-readable sentence.
    public var message: String
    /// The bursting tag (bursts only).
    public var tag: String?
    // Burst numbers.
    public var velocity: Double?
    public var velocityThreshold: Double?
    public var count: Double?
    public var currentRate: Double?
    public var baselineRate: Double?
    // Sentiment-shift numbers.
    public var shortMean: Double?
    public var baselineMean: Double?
    public var baselineStandardDeviation: Double?
    public var zScore: Double?
    public var zThreshold: Double?
    /// Tags that co-occur with the burst, or that carry the shift.
    public var coTags: [String]
    /// A few ids of posts behind the alert.
    public var samplePostIDs: [String]

    enum CodingKeys: String, CodingKey {
        case kind, time, message, tag, velocity, count
        case velocityThreshold = "velocity_threshold"
        case currentRate = "current_rate"
        case baselineRate = "baseline_rate"
        case shortMean = "short_mean"
        case baselineMean = "baseline_mean"
        case baselineStandardDeviation = "baseline_std"
        case zScore = "z_score"
        case zThreshold = "z_threshold"
        case coTags = "co_tags"
        case samplePostIDs = "sample_post_ids"
    }

    public init(kind: Kind, time: Double, message: String, coTags: [String] = [], samplePostIDs: [String] = []) {
        self.kind = kind
        self.time = time
        self.message = message
        self.coTags = coTags
        self.samplePostIDs = samplePostIDs
    }
}
