import PulseAnalytics
import PulseStore
import Synchronization
import Testing
@testable import PulseHub

/// The hub's logic without sockets: a transport that only counts wakes.
@Suite struct HubTests {
    final class CountingTransport: HubTransport {
        let wakes = Atomic<Int>(0)
        func wake() { wakes.add(1, ordering: .relaxed) }
    }

    func makeHub(history: Int = 8, outboxLimit: Int = 1 << 20) -> (Hub, AnalyticsStore) {
        let store = AnalyticsStore()
        var configuration = Hub.Configuration()
        configuration.historySize = history
        configuration.outboxLimitBytes = outboxLimit
        let hub = Hub(store: store, metrics: PulseMetrics(), configuration: configuration, epoch: 77, clock: { 1_000 })
        hub.attach(CountingTransport())
        return (hub, store)
    }

    func drain(_ hub: Hub, _ id: UInt64) -> [String] {
        var texts: [String] = []
        while case .message(let message)? = hub.nextOutgoing(id)?.outgoing { texts.append(message.text) }
        return texts
    }

    func waitLive(_ hub: Hub, _ ids: [UInt64]) async throws {
        for _ in 0..<200 where hub.subscriberCount < ids.count { try await Task.sleep(for: .milliseconds(5)) }
        #expect(hub.subscriberCount == ids.count)
    }

    func publishPost(_ hub: Hub, _ store: AnalyticsStore, id: String, tags: [String] = []) async {
        _ = await store.ingest([ScoredPost(post: Post(id: id, text: "text \(id)"), hashtags: tags)], now: 1_000)
        hub.publish(await store.takeChanges(now: 1_000)!)
    }

    @Test func subscribersWithTheSameKeyShareOneEncodedMessage() async throws {
        let (hub, store) = makeHub()
        for id: UInt64 in 1...3 { hub.connect(id) }
        hub.receive(1, Array(#"{"op":"subscribe","topics":["posts"]}"#.utf8))
        hub.receive(2, Array(#"{"op":"subscribe","topics":["posts"]}"#.utf8))
        hub.receive(3, Array(#"{"op":"subscribe","topics":["posts"],"filter":{"hashtags":["x"]}}"#.utf8))
        try await waitLive(hub, [1, 2, 3])
        for id: UInt64 in 1...3 { #expect(drain(hub, id).count == 2) }  // subscribed + snapshot
        await publishPost(hub, store, id: "p1", tags: ["y"])
        guard case .message(let first)? = hub.nextOutgoing(1)?.outgoing, case .message(let second)? = hub.nextOutgoing(2)?.outgoing,
              case .message(let filtered)? = hub.nextOutgoing(3)?.outgoing else {
            Issue.record("no delta queued")
            return
        }
        #expect(first === second)
        #expect(first.text.contains("\"p1\""))
        #expect(!filtered.text.contains("\"p1\""))
    }

    @Test func recoveryIsAllOrNothing() async throws {
        let (hub, store) = makeHub(history: 3)
        for index in 0..<5 { await publishPost(hub, store, id: "p\(index)") }  // offsets 1...5; history holds 3...5
        hub.connect(1)
        hub.subscribe(1, SubscriptionRequest(key: SubscriptionKey(topics: [.posts]), recover: (77, 2)))
        let recovered = drain(hub, 1)
        #expect(recovered.count == 4)
        #expect(recovered[0].contains("\"recovered\":true"))
        #expect(recovered[1].contains("\"offset\":3") && recovered[3].contains("\"offset\":5"))
        hub.connect(2)
        hub.subscribe(2, SubscriptionRequest(key: SubscriptionKey(topics: [.posts]), recover: (77, 1)))
        try await waitLive(hub, [1, 2])
        let fresh = drain(hub, 2)
        #expect(fresh.count == 2)
        #expect(fresh[0].contains("\"recovered\":false"))
        #expect(fresh[1].hasPrefix("{\"op\":\"snapshot\""))
    }

    /// A tick that nobody subscribed to posts for leaves its posts unencoded (under batch
    /// ingest that encoding was over a tenth of the CPU); a later recovery of posts encodes them.
    @Test func postsAreEncodedOnlyWhenAMessageCarriesThem() async throws {
        let (hub, store) = makeHub()
        hub.connect(1)
        hub.receive(1, Array(#"{"op":"subscribe","topics":["sentiment"]}"#.utf8))
        try await waitLive(hub, [1])
        await publishPost(hub, store, id: "lazy-1")
        let entry = hub.history.withLock { $0.after(0)?.first }
        #expect(entry?.parts.postObjects == nil, "nobody wanted the posts of this delta")
        #expect(entry.map { $0.bytes > "text lazy-1".utf8.count + HistoryEntry.estimatedPostOverhead } == true)
        hub.connect(2)
        hub.subscribe(2, SubscriptionRequest(key: SubscriptionKey(topics: [.posts]), recover: (77, 0)))
        let recovered = drain(hub, 2)
        #expect(recovered.count == 2)
        #expect(recovered.last?.contains(#""id":"lazy-1""#) == true)
        #expect(entry?.parts.postObjects?.count == 1)
    }

    @Test func overfullOutboxClosesWith4008() async throws {
        let (hub, store) = makeHub(outboxLimit: 2_000)
        hub.connect(1)
        hub.receive(1, Array(#"{"op":"subscribe","topics":["posts"]}"#.utf8))
        try await waitLive(hub, [1])
        for index in 0..<40 { await publishPost(hub, store, id: "post-number-\(index)") }
        guard case .close(let code, _)? = hub.nextOutgoing(1)?.outgoing else {
            Issue.record("expected a close")
            return
        }
        #expect(code == 4008)
        #expect(hub.subscriberCount == 0)
        #expect(hub.metrics.slowConsumerDisconnects.load(ordering: .relaxed) == 1)
    }
}
