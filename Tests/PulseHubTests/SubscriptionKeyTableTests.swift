import PulseStore
import Testing
@testable import PulseHub

/// The per-shard table of subscription keys: one slot per distinct key, counted by holders,
/// freed and reused once nobody holds it (so a churn of distinct filters cannot grow it).
@Suite struct SubscriptionKeyTableTests {
    let sentiment = SubscriptionKey(topics: [.sentiment])
    let posts = SubscriptionKey(topics: [.posts, .alerts])

    @Test func subscribersOfOneKeyShareItsSlot() {
        var table = SubscriptionKeyTable()
        let first = table.retain(sentiment)
        let second = table.retain(SubscriptionKey(topics: [.sentiment]))
        let other = table.retain(posts)
        #expect(first == second && first != other)
        #expect(table.keys.count == 2 && Set(table.keys) == [sentiment, posts])
    }

    @Test func aSlotIsFreedWithItsLastHolderAndReused() {
        var table = SubscriptionKeyTable()
        let slot = table.retain(sentiment)
        _ = table.retain(sentiment)
        table.release(slot)
        #expect(table.keys == [sentiment], "one holder is left")
        table.release(slot)
        #expect(table.keys.isEmpty)
        #expect(table.retain(posts) == slot, "the freed slot is reused")
        for round in 0..<100 {
            let churned = table.retain(SubscriptionKey(topics: [.words], filter: PostFilter(hashtags: ["tag\(round)"])))
            table.release(churned)
        }
        #expect(table.slots.count == 2, "churn reuses one slot instead of growing the table")
    }
}
