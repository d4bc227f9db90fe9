/// The distinct subscription keys of one shard's subscribers, each in a numbered slot with the
/// count of subscribers holding it. A publish looks a subscriber's message up by its slot (an
/// array index) instead of hashing its key, and gathers the keys to encode from here instead of
/// from every subscriber. A value inside the shard's lock; a slot is reused once nobody holds it.
struct SubscriptionKeyTable {
    private(set) var slots: [(key: SubscriptionKey, holders: Int)?] = []
    private var slotOfKey: [SubscriptionKey: Int] = [:]
    private var freeSlots: [Int] = []

    /// The slot of `key`, with one more holder.
    mutating func retain(_ key: SubscriptionKey) -> Int {
        if let slot = slotOfKey[key] {
            slots[slot]!.holders += 1
            return slot
        }
        let slot = freeSlots.popLast() ?? slots.count
        if slot == slots.count { slots.append(nil) }
        slots[slot] = (key, 1)
        slotOfKey[key] = slot
        return slot
    }

    /// One holder fewer for `slot`; the slot is freed when none is left.
    mutating func release(_ slot: Int) {
        guard let held = slots[slot] else { return }
        if held.holders > 1 {
            slots[slot]!.holders -= 1
            return
        }
        slots[slot] = nil
        slotOfKey[held.key] = nil
        freeSlots.append(slot)
    }

    /// The keys held now.
    var keys: [SubscriptionKey] { slots.compactMap { $0?.key } }
}
