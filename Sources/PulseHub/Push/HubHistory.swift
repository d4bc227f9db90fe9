/// The hub's bounded ring of published deltas (for epoch/offset recovery), the latest offset, and
/// the last snapshot encoded per subscription key. Bounded by count (`push.historySize`) and by
/// encoded bytes (`push.historyBytes`): under heavy ingest each delta carries thousands of posts,
/// and a count alone would let the ring hold gigabytes. A value inside the hub's history lock,
/// which is always taken before a shard's lock.
struct HubHistory {
    let capacity: Int
    let maxBytes: Int
    /// Oldest first. A dropped entry leaves the array at once: each holds thousands of encoded
    /// posts under load, so a slot kept for later compaction would keep them too (the soak's RSS
    /// growth was exactly that: up to `capacity` dropped deltas held beside the live ones).
    private var entries: [HistoryEntry] = []
    private(set) var heldBytes = 0
    private(set) var latestOffset: UInt64 = 0
    /// The last snapshot encoded per key, reused by subscribers arriving at the same offset.
    var snapshots: [SubscriptionKey: (offset: UInt64, message: OutboundMessage)] = [:]

    init(capacity: Int, maxBytes: Int = .max) {
        self.capacity = max(1, capacity)
        self.maxBytes = max(1, maxBytes)
    }

    /// Deltas held now.
    var count: Int { entries.count }

    mutating func append(_ entry: HistoryEntry) {
        entries.append(entry)
        heldBytes += entry.bytes
        latestOffset = entry.offset
        // The newest entry always stays, even when it alone is over the byte bound.
        var dropped = 0
        while entries.count - dropped > 1 && (entries.count - dropped > capacity || heldBytes > maxBytes) {
            heldBytes -= entries[dropped].bytes
            dropped += 1
        }
        // Moves at most `capacity` references, once per published delta.
        if dropped > 0 { entries.removeFirst(dropped) }
    }

    /// The entries after `offset`, when all of them are still held (all or nothing).
    func after(_ offset: UInt64) -> ArraySlice<HistoryEntry>? {
        guard offset <= latestOffset else { return nil }
        if offset == latestOffset { return [] }
        guard let first = entries.first, first.offset <= offset + 1 else { return nil }
        return entries[...].drop { $0.offset <= offset }
    }
}
