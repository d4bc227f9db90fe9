/// Everything Pulse keeps about hashtags and words, fed one post at a time: trending tags,
/// word-cloud terms, tag co-occurrence, alerts and streaming clusters. A value type owned by
/// one caller (the store actor); every method takes the time, and the random generator lives
/// in the state, so replaying the WAL rebuilds the same state. `Codable` for snapshots.
public struct HashtagAnalytics: Sendable, Codable {
    /// The configuration of every part.
    public struct Configuration: Sendable, Codable, Equatable {
        public var trending = TrendingTags.Configuration()
        public var alerts = AlertMonitor.Configuration()
        public var clustering = StreamingKMeans.Configuration()
        public var wordCapacity = 10_000
        public var wordHalfLife: Double = 3_600
        public var coOccurrenceCapacity = 50_000
        public var coOccurrenceHalfLife: Double = 3_600

        public init() {}
    }

    /// What one ingested post produced.
    public struct Outcome: Sendable, Equatable {
        /// Its hashtags (explicit ones normalised, else extracted), each once.
        public var hashtags: [String]
        /// Its streaming cluster (nil while warming up or without usable tags).
        public var cluster: Int?
        /// Alerts it triggered (usually none).
        public var alerts: [Alert]
    }

    public let configuration: Configuration
    public private(set) var trending: TrendingTags
    public private(set) var words: WordTerms
    public private(set) var coOccurrence: TagCoOccurrence
    public private(set) var alertMonitor: AlertMonitor
    public private(set) var clusters: StreamingKMeans

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        trending = TrendingTags(configuration: configuration.trending)
        words = WordTerms(capacity: configuration.wordCapacity, halfLife: configuration.wordHalfLife)
        coOccurrence = TagCoOccurrence(capacity: configuration.coOccurrenceCapacity,
                                       halfLife: configuration.coOccurrenceHalfLife)
        alertMonitor = AlertMonitor(configuration: configuration.alerts)
        clusters = StreamingKMeans(configuration: configuration.clustering)
    }

    /// Learns from one post with its VADER compound at `now` (seconds since 1970).
    public mutating func ingest(_ post: Post, compound: Double, at now: Double) -> Outcome {
        ingest(post, hashtags: HashtagExtractor.hashtags(of: post), compound: compound, at: now)
    }

    /// `ingest(_:compound:at:)` with the post's hashtags already extracted (by
    /// `HashtagExtractor.hashtags(of:)`); its words and tokens are computed here.
    public mutating func ingest(_ post: Post, hashtags tags: [String], compound: Double, at now: Double) -> Outcome {
        ingest(ScoredPost(post: post, hashtags: tags, compound: compound), at: now)
    }

    /// Learns from one scored post at `now`, using only its precomputed values (hashtags, compound,
    /// word terms, clustering tokens): no text is tokenised here.
    public mutating func ingest(_ scored: ScoredPost, at now: Double) -> Outcome {
        let tags = scored.hashtags, compound = scored.compound, postID = scored.post.id
        trending.add(tags: tags, compound: compound, postID: postID, at: now)
        coOccurrence.add(tags: tags, at: now)
        words.add(terms: scored.words, compound: compound, at: now)
        let alerts = alertMonitor.observe(tags: tags, compound: compound, postID: postID, at: now,
                                          trending: trending, coOccurrence: coOccurrence)
        let cluster = clusters.add(tokens: scored.tagTokens, at: now)
        return Outcome(hashtags: tags, cluster: cluster, alerts: alerts)
    }

    /// A post's hashtags and nearest cluster without learning from it (`POST /api/analyze`).
    public func analyze(_ post: Post, at now: Double) -> (hashtags: [String], cluster: StreamingKMeans.Assignment?) {
        let tags = HashtagExtractor.hashtags(of: post)
        return (tags, clusters.assign(tags: tags, at: now))
    }

    /// The nearest cluster of already extracted (normalised) hashtags, without learning from them.
    public func cluster(ofTags tags: [String], at now: Double) -> StreamingKMeans.Assignment? {
        clusters.assign(tags: tags, at: now)
    }
}
