import PulseAnalytics
import Testing
@testable import PulseStore

@Suite struct LiveStateTests {
    @Test func bucketSeriesSlidesItsWindow() {
        var series = BucketSeries(bucketSeconds: 1, buckets: 5)
        series.add(count: 2, sum: 1, at: 100.2)
        series.add(count: 3, sum: -1, at: 101.9)
        #expect(series.count(lastBuckets: 5, before: 102) == 5)
        series.add(count: 1, at: 110)
        #expect(series.count(lastBuckets: 5, before: 110.5) == 0)
        #expect(series.points(last: 3, upTo: 110).map(\.count) == [0, 0, 1])
        series.add(count: 7, at: 104)  // older than the window: ignored
        #expect(series.points(last: 5, upTo: 110).map(\.count).reduce(0, +) == 1)
    }

    @Test func recentIDsForgetTheOldest() {
        var ids = RecentIDs(capacity: 3)
        let inserted = ["a", "b", "c", "d"].map { ids.insert($0) }
        #expect(inserted == [true, true, true, true])
        #expect(!ids.contains("a"))
        let again = ids.insert("d")
        #expect(!again)
        #expect(ids.inArrivalOrder == ["b", "c", "d"])
    }

    @Test func storeNumbersDeltasAndKeepsSnapshotsAndDeltasApart() async {
        let store = AnalyticsStore()
        let nothing = await store.takeChanges(now: 1)
        #expect(nothing == nil)
        let receipt = await store.ingest([ScoredPost(post: Post(id: "1", text: "a"), hashtags: ["x"], compound: 0.5)], now: 1)
        #expect(receipt == IngestReceipt(accepted: 1, duplicates: 0, offset: 1))
        // Not yet emitted: the snapshot's posts exclude it, the next delta carries it.
        #expect(await store.snapshot(now: 1).posts.isEmpty)
        let changes = await store.takeChanges(now: 1)
        #expect(changes?.view.offset == 1)
        #expect(changes?.view.posts.map(\.scored.post.id) == ["1"])
        #expect(changes?.topics.contains(.posts) == true)
        #expect(await store.snapshot(now: 1).posts.count == 1)
        #expect(await store.snapshot(now: 1).labelCounts["positive"] == 1)
        let duplicate = await store.ingest([ScoredPost(post: Post(id: "1", text: "a"), hashtags: [])], now: 2)
        #expect(duplicate.duplicates == 1)
        let nothingNew = await store.takeChanges(now: 2)
        #expect(nothingNew == nil)
    }
}
