/// What `pulse cluster` computes for a whole data set: TF-IDF (scikit-learn defaults) of each
/// document, `KMeans` with k-means++ and `nInit` restarts, the silhouette, and each cluster's
/// top terms. Stateless; safe to use from any thread.
public enum OfflineClustering {
    /// The result, encoded as `pulse cluster` prints it.
    public struct Report: Sendable, Codable, Equatable {
        /// One cluster: its id (0..<k), number of documents and label terms.
        public struct Cluster: Sendable, Codable, Equatable {
            public var id: Int
            public var size: Int
            /// Terms with the largest centroid weights, largest first.
            public var topTerms: [String]

            enum CodingKeys: String, CodingKey {
                case id, size
                case topTerms = "top_terms"
            }
        }

        /// Mean silhouette (nil when the labels form fewer than two clusters or n − 1 or more).
        public var silhouette: Double?
        /// Points the silhouette was computed on (all of them unless above the sample limit).
        public var silhouetteSampleSize: Int
        public var inertia: Double
        public var sizes: [Int]
        public var clusters: [Cluster]
        public var documents: Int
        public var vocabularySize: Int
        public var k: Int
        public var nInit: Int
        public var seed: UInt64
        /// The cluster of each document, in input order (not encoded).
        public var labels: [Int] = []

        enum CodingKeys: String, CodingKey {
            case silhouette, inertia, sizes, clusters, documents, k, seed
            case silhouetteSampleSize = "silhouette_sample_size"
            case vocabularySize = "vocabulary_size"
            case nInit = "n_init"
        }
    }

    /// Why clustering could not run (a data error: `pulse cluster` exits with 2).
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case tooFewDocuments(documents: Int, k: Int)

        public var description: String {
            switch self {
            case let .tooFewDocuments(documents, k): "need at least k = \(k) documents, got \(documents)"
            }
        }
    }

    /// Clusters `documents` (for hashtags: the tags joined by spaces).
    /// - Parameter silhouetteSampleLimit: above this many documents the silhouette uses a seeded
    ///   random sample of this size (it is O(n²)).
    public static func cluster(
        documents: [String], k: Int, seed: UInt64 = 0, nInit: Int = 10, topTerms: Int = 5,
        silhouetteSampleLimit: Int = 10_000
    ) throws -> Report {
        guard documents.count >= k, k >= 1 else { throw Failure.tooFewDocuments(documents: documents.count, k: k) }
        var vectorizer = TfidfVectorizer()
        let matrix = vectorizer.fitTransform(documents)
        let model = KMeans(k: k, nInit: nInit, seed: seed).fit(matrix)
        var sample = Array(matrix.rows.indices)
        if sample.count > silhouetteSampleLimit {
            var random = SplitMix64(seed: seed ^ 0x5111_0E77)
            sample.shuffle(using: &random)
            sample = Array(sample.prefix(silhouetteSampleLimit))
        }
        let silhouette = Silhouette.score(sample.map { matrix.rows[$0] }, labels: sample.map { model.labels[$0] })
        var sizes = [Int](repeating: 0, count: k)
        for label in model.labels { sizes[label] += 1 }
        let clusters = (0..<k).map { j in
            Report.Cluster(id: j, size: sizes[j],
                           topTerms: model.topColumns(cluster: j, n: topTerms).map { vectorizer.vocabulary[$0] })
        }
        return Report(
            silhouette: silhouette, silhouetteSampleSize: sample.count, inertia: model.inertia, sizes: sizes,
            clusters: clusters, documents: documents.count, vocabularySize: vectorizer.vocabulary.count, k: k,
            nInit: nInit, seed: seed, labels: model.labels)
    }
}
