import Foundation
import Testing
@testable import PulseAnalytics

/// Agreement with scikit-learn on the committed fixtures of Tests/Golden/clustering
/// (made by make_clustering_golden.py).
@Suite struct ClusteringGoldenTests {
    struct TfidfGolden: Decodable {
        var documents: [String]
        var vocabulary: [String]
        var idf: [Double]
        var rows: [[[Double]]]
    }

    struct SilhouetteGolden: Decodable {
        struct Case: Decodable { var name: String; var labels: [Int]; var score: Double }
        var cases: [Case]
    }

    struct KMeansGolden: Decodable {
        struct Run: Decodable { var k: Int; var silhouette: Double; var inertia: Double }
        var runs: [Run]
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Golden/clustering/\(name)")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    @Test func tfidfMatrixMatchesScikitLearn() throws {
        let golden = try Self.load("tfidf.json", as: TfidfGolden.self)
        var vectorizer = TfidfVectorizer()
        let matrix = vectorizer.fitTransform(golden.documents)
        #expect(vectorizer.vocabulary == golden.vocabulary)
        for term in ["straße", "strasse", "ラーメン", "κόσμος", "stanbul"] { #expect(vectorizer.vocabulary.contains(term)) }
        for (ours, theirs) in zip(vectorizer.idf, golden.idf) { #expect(abs(ours - theirs) <= 1e-9) }
        #expect(matrix.rowCount == golden.rows.count)
        var worst = 0.0
        for (row, expected) in zip(matrix.rows, golden.rows) {
            #expect(row.indices.map(Int.init) == expected.map { Int($0[0]) })
            for (value, pair) in zip(row.values, expected) { worst = max(worst, abs(value - pair[1])) }
        }
        #expect(worst <= 1e-9)
        #expect(matrix.rows.contains { $0.isEmpty })  // the "#x"-only posts
    }

    @Test func silhouetteMatchesScikitLearn() throws {
        let tfidf = try Self.load("tfidf.json", as: TfidfGolden.self)
        let golden = try Self.load("silhouette.json", as: SilhouetteGolden.self)
        var vectorizer = TfidfVectorizer()
        let matrix = vectorizer.fitTransform(tfidf.documents)
        #expect(golden.cases.contains { $0.name == "with_singleton" })
        for golden in golden.cases {
            let score = try #require(Silhouette.score(matrix.rows, labels: golden.labels))
            #expect(abs(score - golden.score) <= 1e-9, "\(golden.name): \(score) vs \(golden.score)")
        }
    }

    @Test func tokensFollowPythonLowerAndWordRules() {
        #expect(TfidfTokenizer.tokens(of: "ΟΔΟΣ ΑΘΗΝΑΣ a1 x İstanbul cafe\u{301}s ½½ snake_case") ==
                ["οδος", "αθηνας", "a1", "stanbul", "cafe", "½½", "snake_case"])
    }

    @Test func silhouetteRejectsDegenerateLabelings() {
        let rows = [SparseVector(indices: [0], values: [1]), SparseVector(indices: [1], values: [1])]
        #expect(Silhouette.score(rows, labels: [0, 0]) == nil)
        #expect(Silhouette.score(rows, labels: [0, 1]) == nil)
    }

    @Test func offlineKMeansIsAtLeastAsGoodAsScikitLearn() throws {
        let tfidf = try Self.load("tfidf.json", as: TfidfGolden.self)
        let golden = try Self.load("kmeans.json", as: KMeansGolden.self)
        for run in golden.runs {
            let report = try OfflineClustering.cluster(documents: tfidf.documents, k: run.k, seed: 0, nInit: 10)
            let silhouette = try #require(report.silhouette)
            #expect(silhouette >= run.silhouette - 0.01, "k=\(run.k): \(silhouette) vs scikit-learn \(run.silhouette)")
            #expect(report.inertia <= run.inertia * 1.02, "k=\(run.k): inertia \(report.inertia) vs \(run.inertia)")
            #expect(report.sizes.reduce(0, +) == tfidf.documents.count)
        }
    }
}
