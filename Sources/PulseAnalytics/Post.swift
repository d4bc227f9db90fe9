/// One social-media post as Pulse ingests it: a plain value, shared freely between threads.
///
/// `metrics` holds every numeric field of the incoming object (followers, likes, shares,
/// comments and any unknown numeric field), kept for engagement and correlation.
public struct Post: Sendable, Hashable {
    /// Caller-supplied identity; makes ingestion idempotent when present.
    public var id: String?
    public var text: String
    /// Hashtags given explicitly by the sender (without `#`); nil means "extract from text".
    public var hashtags: [String]?
    public var author: String?
    public var platform: String?
    /// Creation time in seconds since 1970 (from RFC 3339 `created_at`), if given.
    public var createdAt: Double?
    /// Numeric fields by name, e.g. `followers`, `likes`, `shares`, `comments`.
    public var metrics: [String: Double]

    public init(
        id: String? = nil, text: String, hashtags: [String]? = nil, author: String? = nil,
        platform: String? = nil, createdAt: Double? = nil, metrics: [String: Double] = [:]
    ) {
        self.id = id
        self.text = text
        self.hashtags = hashtags
        self.author = author
        self.platform = platform
        self.createdAt = createdAt
        self.metrics = metrics
    }
}
