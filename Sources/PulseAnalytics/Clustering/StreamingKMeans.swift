import Foundation

/// Live clustering of posts by their hashtags: `OnlineTfidf` vectors, k centroids seeded from a
/// warm-up sample (k-means++ and Lloyd, `KMeans`), then updated post by post with decay
/// (mini-batch k-means with a batch of one: the centroid moves toward the post by 1 / its
/// decayed size). A cluster whose decayed size falls below `deathFraction` of the average is
/// re-seeded on a recent post chosen k-means++-style. Every `refreshInterval` seconds (and
/// `refreshMinimumPosts` posts) the mean squared distance of the recent posts to their
/// centroids is compared with its value at the last (re)seeding; when it has grown by
/// `refreshDrift`, the recent posts are clustered afresh with restarts, and if that lowers
/// their inertia by `refreshGain` the fresh centres replace the old ones (ids kept by greatest
/// overlap). So topics absent during warm-up still get their own cluster, while a steady feed
/// costs only the cheap check. A reservoir sample of posts gives the
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
        /// Recent posts kept for re-seeding and refreshing.
        public var recentSize = 1_000
        /// Seconds of stream time between refresh checks.
        public var refreshInterval: Double = 120
        /// Posts needed since the last refresh check.
        public var refreshMinimumPosts = 2_000
        /// Relative growth of the recent posts' mean squared distance that triggers a refresh.
        public var refreshDrift = 0.2
        /// k-means restarts of a refresh.
        public var refreshRestarts = 30
        /// Relative inertia reduction on the recent posts that a refresh must achieve.
        public var refreshGain = 0.05
        public var seed: UInt64 = 42

        public init() {}
    }

    /// A cluster as shown to users (JSON keys in snake_case).
    public struct Cluster: Sendable, Codable, Equatable {
        public var id: Int
        /// Decayed number of posts.
        public var size: Double
        /// `size` over the sum of sizes.
        public var share: Double
        /// Terms with the largest centroid weights, largest first.
        public var topTerms: [String]

        enum CodingKeys: String, CodingKey {
            case id, size, share
            case topTerms = "top_terms"
        }
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
    private var postsSinceRefresh = 0
    private var lastRefresh: Double?
    /// Mean squared distance of the recent posts to their centroids at the last (re)seeding.
    private var referenceDistance: Double?

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
        add(tokens: TfidfTokenizer.tokens(ofTags: tags), at: now)
    }

    /// `add(tags:at:)` with the tags' tokens already computed by `TfidfTokenizer.tokens(ofTags:)`
    /// (off the store actor).
    public mutating func add(tokens: [String], at now: Double) -> Int? {
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
        postsSinceRefresh += 1
        if postsSinceCheck >= 64 {
            postsSinceCheck = 0
            reseedDeadCluster(at: now)
        }
        if postsSinceRefresh >= configuration.refreshMinimumPosts,
           now - (lastRefresh ?? now) >= configuration.refreshInterval {
            postsSinceRefresh = 0
            lastRefresh = now
            refresh(at: now)
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

    /// Clusters the warm-up sample offline and takes the result.
    private mutating func seedFromWarmUp(at now: Double) {
        let rows = warmUp.map { vectorizer.vector($0, at: now) }
        let (model, columns) = fitCompact(rows, restarts: configuration.warmUpRestarts)
        var sizes = [Double](repeating: 0, count: configuration.k)
        for label in model.labels { sizes[label] += 1 }
        centroids.replace(with: model, columns: columns, modelCluster: Array(0..<configuration.k), sizes: sizes, at: now)
        warmUp = []
        lastRefresh = now
        referenceDistance = model.inertia / Double(max(1, rows.count))
    }

    /// Re-clusters the recent posts when they fit the centroids clearly worse than at the last
    /// (re)seeding; takes the result when it fits them clearly better.
    private mutating func refresh(at now: Double) {
        let rows = recent.map { vectorizer.vector($0, at: now) }.filter { !$0.isEmpty }
        guard rows.count >= 2 * configuration.k else { return }
        let current = rows.map { centroids.nearest($0) }
        let currentInertia = current.reduce(0) { $0 + $1.squaredDistance }
        let meanDistance = currentInertia / Double(rows.count)
        guard let reference = referenceDistance, meanDistance > reference * (1 + configuration.refreshDrift) else {
            if referenceDistance == nil { referenceDistance = meanDistance }
            return
        }
        let (model, columns) = fitCompact(rows, restarts: configuration.refreshRestarts)
        guard model.inertia < currentInertia * (1 - configuration.refreshGain) else {
            referenceDistance = meanDistance
            return
        }
        let mapping = Self.matchByOverlap(old: current.map(\.cluster), new: model.labels, k: configuration.k)
        let total = centroids.sizes(at: now).reduce(0, +)
        var counts = [Double](repeating: 0, count: configuration.k)
        for label in model.labels { counts[label] += 1 }
        let sizes = mapping.map { total * counts[$0] / Double(rows.count) }
        centroids.replace(with: model, columns: columns, modelCluster: mapping, sizes: sizes, at: now)
        referenceDistance = model.inertia / Double(rows.count)
    }

    /// k-means of `rows` over only the columns they use; returns the model and its columns.
    /// Plain Lloyd without Hartigan's moves: this runs inside the store actor, where the moves'
    /// extra passes would hold up ingest, and the many restarts already find the demo topics.
    private mutating func fitCompact(_ rows: [SparseVector], restarts: Int) -> (KMeansModel, [Int]) {
        let columns = Set(rows.flatMap(\.indices)).sorted()
        let compact = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, Int32($0)) })
        let data = SparseMatrix(
            rows: rows.map { SparseVector(indices: $0.indices.map { compact[$0]! }, values: $0.values) },
            columnCount: columns.count)
        let model = KMeans(k: configuration.k, nInit: restarts, seed: random.next(), hartigan: false).fit(data)
        return (model, columns.map(Int.init))
    }

    /// For each old cluster id, the new cluster sharing the most points with it (greedy, one-to-one).
    static func matchByOverlap(old: [Int], new: [Int], k: Int) -> [Int] {
        var overlap = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for (a, b) in zip(old, new) { overlap[a][b] += 1 }
        var mapping = [Int](repeating: -1, count: k)
        var taken = [Bool](repeating: false, count: k)
        for _ in 0..<k {
            var best = (old: -1, new: -1, count: -1)
            for a in 0..<k where mapping[a] < 0 {
                for b in 0..<k where !taken[b] && overlap[a][b] > best.count { best = (a, b, overlap[a][b]) }
            }
            mapping[best.old] = best.new
            taken[best.new] = true
        }
        return mapping
    }

    /// About how many recent posts (evenly spaced in the ring) are candidates for a re-seeding.
    /// Each costs a TF-IDF vector and a nearest-centroid search, every 64 posts while a cluster
    /// stays dead (as when many posts repeat a few tags): with 256, that check took a third of
    /// the server's CPU in a 500-post batch ingest benchmark.
    static let reseedCandidates = 64

    /// Re-seeds at most one dead cluster on a recent post, drawn with probability
    /// proportional to its squared distance to the nearest live centroid.
    private mutating func reseedDeadCluster(at now: Double) {
        let sizes = centroids.sizes(at: now)
        let floor = configuration.deathFraction * sizes.reduce(0, +) / Double(sizes.count)
        guard let dead = sizes.indices.first(where: { sizes[$0] < floor }), !recent.isEmpty else { return }
        let step = max(1, recent.count / Self.reseedCandidates)
        let candidates = stride(from: 0, to: recent.count, by: step).map { vectorizer.vector(recent[$0], at: now) }
            .filter { !$0.isEmpty }
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
        if recent.count < configuration.recentSize {
            recent.append(tokens)
        } else {
            recent[recentNext] = tokens
            recentNext = (recentNext + 1) % recent.count
        }
    }
}
