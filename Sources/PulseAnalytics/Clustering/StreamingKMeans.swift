import Foundation

/// Live clustering of posts by their hashtags: `OnlineTfidf` vectors, k centroids seeded from a
/// warm-up sample (k-means++ and Lloyd, `KMeans`), then updated post by post with decay
/// (mini-batch k-means with a batch of one: the centroid moves toward the post by 1 / its
/// decayed size). A cluster whose decayed size falls below `deathFraction` of the average is
/// re-seeded on a recent post chosen k-means++-style. A reservoir sample of posts gives the
/// silhouette. A value type owned by one caller (the store actor); time is passed in and the
/// random generator lives in the state, so a replay rebuilds the same clusters.
public struct StreamingKMeans: Sendable, Codable {
    /// Tunables; the defaults suit the demo feed and tens of posts per second.
    public struct Configuration: Sendable, Codable, Equatable {
        public var k = 6
        /// Posts (with at least one token) collected before the centroids are seeded.
        public var warmUpSize = 1_000
        /// k-means restarts on the warm-up sample (sparse tag data has many poor local optima:
        /// on the demo feed 5 restarts found the topics in 5 of 8 streams, 30 in all 8).
        public var warmUpRestarts = 30
        /// Half-life of the cluster sizes (how fast centroids forget), in seconds.
        public var halfLife: Double = 1_800
        /// Vocabulary bound and idf half-life of the `OnlineTfidf`.
        public var vocabularyCapacity = 20_000
        public var idfHalfLife: Double = 3_600
        /// A cluster smaller than this fraction of the mean cluster size is re-seeded.
        public var deathFraction = 0.05
        /// Posts kept in the reservoir sample for the silhouette.
        public var reservoirSize = 1_000
        public var seed: UInt64 = 42

        public init() {}
    }

    /// A cluster as shown to users.
    public struct Cluster: Sendable, Codable, Equatable {
        public var id: Int
        /// Decayed number of posts.
        public var size: Double
        /// `size` over the sum of sizes.
        public var share: Double
        /// Terms with the largest centroid weights, largest first.
        public var topTerms: [String]
    }

    /// Where a post falls.
    public struct Assignment: Sendable, Codable, Equatable {
        public var cluster: Int
        /// Euclidean distance to the centroid.
        public var distance: Double
    }

    public let configuration: Configuration
    public private(set) var vectorizer: OnlineTfidf
    var centroids: CentroidSet
    private var random: SplitMix64
    private var warmUp: [[String]] = []
    private var reservoir: [[String]] = []
    private var reservoirSeen = 0
    private var recent: [[String]] = []
    private var recentNext = 0
    private var postsSinceCheck = 0

    public init(configuration: Configuration = Configuration()) {
        precondition(configuration.k >= 1 && configuration.warmUpSize >= configuration.k, "need warmUpSize ≥ k ≥ 1")
        self.configuration = configuration
        vectorizer = OnlineTfidf(capacity: configuration.vocabularyCapacity, halfLife: configuration.idfHalfLife)
        centroids = CentroidSet(k: configuration.k, dimension: configuration.vocabularyCapacity, halfLife: configuration.halfLife)
        random = SplitMix64(seed: configuration.seed)
    }

    /// True once the warm-up sample has seeded the centroids.
    public var isSeeded: Bool { centroids.isSeeded }

    /// Learns from one post's (normalised) hashtags; returns its cluster, or nil while warming
    /// up or when the tags give no token.
    public mutating func add(tags: [String], at now: Double) -> Int? {
        let tokens = TfidfTokenizer.tokens(ofTags: tags)
        guard !tokens.isEmpty else { return nil }
        var reassigned: [Int] = []
        let vector = vectorizer.learnVector(tokens, at: now, reassigned: &reassigned)
        for column in reassigned { centroids.clearColumn(column) }
        sample(tokens)
        guard centroids.isSeeded else {
            warmUp.append(tokens)
            guard warmUp.count >= configuration.warmUpSize else { return nil }
            seedFromWarmUp(at: now)
            return centroids.nearest(vector).cluster
        }
        let cluster = centroids.update(with: vector, at: now)
        postsSinceCheck += 1
        if postsSinceCheck >= 64 {
            postsSinceCheck = 0
            reseedDeadCluster(at: now)
        }
        return cluster
    }

    /// The nearest cluster of a post's tags without learning from it (for `pulse analyze` and
    /// `POST /api/analyze`); nil before seeding or when no tag is in the vocabulary.
    public func assign(tags: [String], at now: Double) -> Assignment? {
        guard centroids.isSeeded else { return nil }
        let vector = vectorizer.vector(TfidfTokenizer.tokens(ofTags: tags), at: now)
        guard !vector.isEmpty else { return nil }
        let (cluster, squared) = centroids.nearest(vector)
        return Assignment(cluster: cluster, distance: squared.squareRoot())
    }

    /// Every cluster with its decayed size, share and top terms (empty before seeding).
    public func clusters(at now: Double, topTerms: Int = 5) -> [Cluster] {
        guard centroids.isSeeded else { return [] }
        let sizes = centroids.sizes(at: now)
        let total = sizes.reduce(0, +)
        return sizes.indices.map { j in
            Cluster(id: j, size: sizes[j], share: total > 0 ? sizes[j] / total : 0,
                    topTerms: centroids.topColumns(cluster: j, n: topTerms).map(vectorizer.term(atSlot:)))
        }
    }

    /// The silhouette of the reservoir sample under the current vectors and centroids (nil
    /// before seeding or when the sample falls into fewer than two clusters). O(sample²).
    public func silhouette(at now: Double) -> Double? {
        guard centroids.isSeeded else { return nil }
        let vectors = reservoir.map { vectorizer.vector($0, at: now) }.filter { !$0.isEmpty }
        return Silhouette.score(vectors, labels: vectors.map { centroids.nearest($0).cluster })
    }

    // MARK: seeding

    /// Clusters the warm-up sample offline (over the columns it uses only) and takes the result.
    private mutating func seedFromWarmUp(at now: Double) {
        let rows = warmUp.map { vectorizer.vector($0, at: now) }
        let columns = Set(rows.flatMap(\.indices)).sorted()
        let compact = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, Int32($0)) })
        let data = SparseMatrix(
            rows: rows.map { SparseVector(indices: $0.indices.map { compact[$0]! }, values: $0.values) },
            columnCount: columns.count)
        let model = KMeans(k: configuration.k, nInit: configuration.warmUpRestarts, seed: random.next()).fit(data)
        centroids.seed(from: model, columns: columns.map(Int.init), at: now)
        warmUp = []
    }

    /// Re-seeds at most one dead cluster on a recent post, drawn with probability
    /// proportional to its squared distance to the nearest live centroid.
    private mutating func reseedDeadCluster(at now: Double) {
        let sizes = centroids.sizes(at: now)
        let floor = configuration.deathFraction * sizes.reduce(0, +) / Double(sizes.count)
        guard let dead = sizes.indices.first(where: { sizes[$0] < floor }), !recent.isEmpty else { return }
        let candidates = recent.map { vectorizer.vector($0, at: now) }.filter { !$0.isEmpty }
        let weights = candidates.map { centroids.nearest($0, excluding: dead).squaredDistance }
        let total = weights.reduce(0, +)
        guard total > 0 else { return }
        var target = random.nextUnit() * total
        var chosen = candidates.count - 1
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { chosen = index; break }
        }
        centroids.place(dead, at: candidates[chosen], now: now)
    }

    /// Keeps the reservoir (uniform over all posts) and the ring of recent posts.
    private mutating func sample(_ tokens: [String]) {
        reservoirSeen += 1
        if reservoir.count < configuration.reservoirSize {
            reservoir.append(tokens)
        } else {
            let index = Int(random.next() % UInt64(reservoirSeen))
            if index < reservoir.count { reservoir[index] = tokens }
        }
        if recent.count < 256 {
            recent.append(tokens)
        } else {
            recent[recentNext] = tokens
            recentNext = (recentNext + 1) % recent.count
        }
    }
}
