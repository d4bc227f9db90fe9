import Foundation
import Testing
@testable import PulseAnalytics

@Suite struct StreamingClusteringTests {
    @Test func adjustedRandIndexKnownValues() {
        #expect(AdjustedRandIndex.score([0, 0, 1, 1], [1, 1, 0, 0]) == 1)
        #expect(abs(AdjustedRandIndex.score([0, 0, 1, 2], [0, 0, 1, 1]) - 0.5714285714285714) < 1e-12)
        #expect(abs(AdjustedRandIndex.score([0, 0, 1, 1], [0, 1, 0, 1]) + 0.5) < 1e-12)
        #expect(AdjustedRandIndex.score([0, 0, 0], [1, 1, 1]) == 1)
    }

    @Test func onlineTfidfWithoutDecayEqualsTheOfflineOne() throws {
        let golden = try ClusteringGoldenTests.load("tfidf.json", as: ClusteringGoldenTests.TfidfGolden.self)
        let tokenLists = golden.documents.map(TfidfTokenizer.tokens(of:))
        var offline = TfidfVectorizer()
        let matrix = offline.fitTransform(golden.documents)
        var online = OnlineTfidf(capacity: 1_000, halfLife: .infinity)
        var reassigned: [Int] = []
        for tokens in tokenLists { _ = online.learnVector(tokens, at: 0, reassigned: &reassigned) }
        #expect(reassigned.isEmpty)
        for (tokens, row) in zip(tokenLists, matrix.rows) {
            let vector = online.vector(tokens, at: 0)
            let onlineByTerm = Dictionary(uniqueKeysWithValues: zip(vector.indices.map { online.term(atSlot: Int($0)) }, vector.values))
            let offlineByTerm = Dictionary(uniqueKeysWithValues: zip(row.indices.map { offline.vocabulary[Int($0)] }, row.values))
            #expect(Set(onlineByTerm.keys) == Set(offlineByTerm.keys))
            for (term, value) in offlineByTerm { #expect(abs(onlineByTerm[term]! - value) < 1e-12) }
        }
    }

    @Test func onlineVocabularyIsBoundedAndReportsReassignedColumns() {
        var online = OnlineTfidf(capacity: 100, halfLife: 60)
        var reassigned: [Int] = []
        for index in 0..<1_000 { _ = online.learnVector(["tag\(index)", "common"], at: Double(index), reassigned: &reassigned) }
        #expect(online.vocabularyCount == 100)
        #expect(reassigned.count == 901)  // 1,001 distinct terms, 100 fit without eviction
        #expect((0..<100).map(online.term(atSlot:)).contains("common"))
    }

    @Test(arguments: [2026, 7, 31] as [UInt64])
    func onlineClustersAgreeWithDemoTopics(seed: UInt64) throws {
        var feed = DemoFeed(seed: seed)
        var configuration = StreamingKMeans.Configuration()
        configuration.k = DemoTopic.all.count
        var clusterer = StreamingKMeans(configuration: configuration)
        var truth: [Int] = [], found: [Int] = []
        var now = 0.0
        for index in 0..<8_000 {
            let item = feed.next()
            now = item.post.createdAt ?? now
            let cluster = clusterer.add(tags: HashtagExtractor.hashtags(of: item.post), at: now)
            if index >= 2_000, let cluster {
                truth.append(item.topic)
                found.append(cluster)
            }
        }
        #expect(found.count > 5_500)
        let ari = AdjustedRandIndex.score(truth, found)
        #expect(ari >= 0.9, "adjusted Rand index \(ari)")
        let silhouette = try #require(clusterer.silhouette(at: now))
        #expect(silhouette > 0.15, "silhouette \(silhouette)")
        let clusters = clusterer.clusters(at: now)
        #expect(clusters.count == configuration.k)
        // Each cluster is labelled by tags of one topic.
        for cluster in clusters {
            let topics = Set(cluster.topTerms.prefix(3).compactMap { term in DemoTopic.all.firstIndex { $0.hashtags.contains(term) } })
            #expect(topics.count == 1, "\(cluster.topTerms)")
        }
        let assignment = try #require(clusterer.assign(tags: ["bitcoin", "crypto"], at: now))
        #expect(clusters[assignment.cluster].topTerms.contains { DemoTopic.all[3].hashtags.contains($0) })
    }

    @Test func topicsAbsentDuringWarmUpGetClustersAtTheRefresh() {
        var feed = DemoFeed(seed: 2026)
        var configuration = StreamingKMeans.Configuration()
        configuration.k = DemoTopic.all.count
        var clusterer = StreamingKMeans(configuration: configuration)
        var truth: [Int] = [], found: [Int] = []
        var index = 0
        while index < 12_000 {
            let item = feed.next()
            if index < 3_000 && item.topic > 1 { continue }  // only two topics at first
            index += 1
            let cluster = clusterer.add(tags: HashtagExtractor.hashtags(of: item.post), at: Double(index) * 0.05)
            if index >= 8_000, let cluster {
                truth.append(item.topic)
                found.append(cluster)
            }
        }
        let ari = AdjustedRandIndex.score(truth, found)
        #expect(ari >= 0.9, "adjusted Rand index \(ari)")
    }

    @Test func overlapMatchingKeepsClusterIDs() {
        #expect(StreamingKMeans.matchByOverlap(old: [0, 0, 1, 1, 2, 2], new: [2, 2, 0, 0, 1, 1], k: 3) == [2, 0, 1])
    }

    @Test func deadClusterIsReseededOnNewContent() throws {
        var configuration = StreamingKMeans.Configuration()
        configuration.k = 3
        configuration.warmUpSize = 60
        configuration.halfLife = 60
        var clusterer = StreamingKMeans(configuration: configuration)
        let topics = [["red", "crimson"], ["blue", "navy"], ["green", "olive"], ["gold", "amber"]]
        var now = 0.0
        for index in 0..<300 {  // topics 0–2
            now += 1
            _ = clusterer.add(tags: topics[index % 3], at: now)
        }
        for index in 0..<600 {  // topic 2 stops, topic 3 starts
            now += 1
            _ = clusterer.add(tags: topics[[0, 1, 3][index % 3]], at: now)
        }
        let labels = clusterer.clusters(at: now).map { Set($0.topTerms.prefix(2)) }
        #expect(labels.contains(["gold", "amber"]), "\(labels)")
    }

    @Test func sameInputGivesSameClusters() {
        func run() -> [Int?] {
            var feed = DemoFeed(seed: 5)
            var clusterer = StreamingKMeans()
            return (0..<1_500).map { _ in
                let item = feed.next()
                return clusterer.add(tags: HashtagExtractor.hashtags(of: item.post), at: item.post.createdAt ?? 0)
            }
        }
        #expect(run() == run())
    }
}
