/// Which hashtags appear together, in bounded memory: a decayed Space-Saving top-K over
/// unordered tag pairs. A value type owned by one caller (the store actor); time is passed in.
public struct TagCoOccurrence: Sendable, Codable {
    /// An unordered pair of tags (stored with `first < second`).
    public struct Pair: Hashable, Sendable, Codable {
        public var first: String
        public var second: String
        public init(_ a: String, _ b: String) {
            if a < b { first = a; second = b } else { first = b; second = a }
        }
    }

    /// Tags per post considered (the first ones); bounds the pairs per post.
    public let tagsPerPost: Int
    private var pairs: DecayedTopK<Pair>

    /// - Parameters:
    ///   - capacity: pairs kept.
    ///   - halfLife: decay of the pair counts, in seconds.
    public init(capacity: Int = 50_000, halfLife: Double = 3_600, tagsPerPost: Int = 8) {
        self.tagsPerPost = tagsPerPost
        pairs = DecayedTopK(capacity: capacity, halfLives: SIMD4(halfLife, .infinity, .infinity, .infinity))
    }

    /// Number of pairs held.
    public var trackedCount: Int { pairs.count }

    /// Counts every pair among the post's first `tagsPerPost` tags.
    public mutating func add(tags: [String], at now: Double) {
        let limit = min(tags.count, tagsPerPost)
        guard limit >= 2 else { return }
        for i in 0..<(limit - 1) {
            for j in (i + 1)..<limit where tags[i] != tags[j] {
                pairs.add(Pair(tags[i], tags[j]), weights: SIMD4(1, 0, 0, 0), at: now)
            }
        }
    }

    /// The tags seen most with `tag`, with their decayed joint counts, best first. O(capacity).
    public func partners(of tag: String, limit: Int, at now: Double) -> [(tag: String, count: Double)] {
        pairs.top(limit, at: now) { entry in
            entry.key.first == tag || entry.key.second == tag ? entry.count : nil
        }.map { item in
            (item.entry.key.first == tag ? item.entry.key.second : item.entry.key.first, item.score)
        }
    }
}
