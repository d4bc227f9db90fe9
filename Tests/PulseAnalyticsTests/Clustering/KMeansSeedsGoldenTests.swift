import Foundation
import Testing
@testable import PulseAnalytics

/// k-means quality against scikit-learn on a hard hashtag fixture (Tests/Golden/clustering/
/// kmeans_seeds.json, made by make_kmeans_seeds_golden.py): for the same `n_init`, over ten
/// seeds, Pulse's best inertia is no worse than scikit-learn's, and so is its mean.
@Suite struct KMeansSeedsGoldenTests {
    struct Golden: Decodable {
        struct Run: Decodable { var n_init: Int; var random_state: Int; var inertia: Double }
        var k: Int
        var documents: [String]
        var runs: [Run]
    }

    @Test(arguments: [1, 10])
    func inertiaOverTenSeedsIsNoWorseThanScikitLearn(nInit: Int) throws {
        let golden = try ClusteringGoldenTests.load("kmeans_seeds.json", as: Golden.self)
        var vectorizer = TfidfVectorizer()
        let matrix = vectorizer.fitTransform(golden.documents)
        let reference = golden.runs.filter { $0.n_init == nInit }.map(\.inertia)
        #expect(reference.count == 10)
        let ours = (0..<UInt64(10)).map { KMeans(k: golden.k, nInit: nInit, seed: $0).fit(matrix).inertia }
        let best = ours.min()!, referenceBest = reference.min()!
        let mean = ours.reduce(0, +) / 10, referenceMean = reference.reduce(0, +) / 10
        print("k-means n_init=\(nInit): Pulse best \(best) mean \(mean); scikit-learn best \(referenceBest) mean \(referenceMean)")
        #expect(best <= referenceBest * (1 + 1e-9), "best inertia \(best) vs scikit-learn \(referenceBest)")
        #expect(mean <= referenceMean * (1 + 1e-9), "mean inertia \(mean) vs scikit-learn \(referenceMean)")
    }

    @Test func hartiganMovesNeverRaiseLloydsInertia() throws {
        let golden = try ClusteringGoldenTests.load("kmeans_seeds.json", as: Golden.self)
        var vectorizer = TfidfVectorizer()
        let matrix = vectorizer.fitTransform(golden.documents)
        var improved = 0
        for seed in UInt64(0)..<20 {
            let lloyd = KMeans(k: golden.k, nInit: 1, seed: seed, hartigan: false).fit(matrix)
            let refined = KMeans(k: golden.k, nInit: 1, seed: seed).fit(matrix)
            #expect(refined.inertia <= lloyd.inertia * (1 + 1e-12), "seed \(seed): \(refined.inertia) > \(lloyd.inertia)")
            if refined.inertia < lloyd.inertia * (1 - 1e-9) { improved += 1 }
            // The reported inertia is the true one of the reported labels and centres.
            let recomputed = zip(matrix.rows, refined.labels).reduce(0.0) { total, pair in
                let (row, label) = pair
                return total + refined.squaredDistances(row, norm: row.squaredNorm)[label]
            }
            #expect(abs(recomputed - refined.inertia) < 1e-9 * max(1, recomputed))
        }
        print("Hartigan moves lowered the inertia of \(improved) of 20 single k-means++ runs")
        #expect(improved > 0)
    }
}
