/// The hub's bounded ring of published deltas (for epoch/offset recovery), the latest offset, and
/// the last snapshot encoded per subscription key. A value inside the hub's history lock, which
/// is always taken before a shard's lock.
struct HubHistory {
    let capacity: Int
    private var entries: [HistoryEntry] = []
    private var start = 0
    private(set) var latestOffset: UInt64 = 0
    /// The last snapshot encoded per key, reused by subscribers arriving at the same offset.
    var snapshots: [SubscriptionKey: (offset: UInt64, message: OutboundMessage)] = [:]

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func append(_ entry: HistoryEntry) {
        if entries.count < capacity {
            entries.append(entry)
        } else {
            entries[start] = entry
            start = (start + 1) % entries.count
        }
        latestOffset = entry.offset
    }

    /// The entries after `offset`, when all of them are still held (all or nothing).
    func after(_ offset: UInt64) -> ArraySlice<HistoryEntry>? {
        guard offset <= latestOffset else { return nil }
        if offset == latestOffset { return [] }
        let ordered = entries[start...] + entries[..<start]
        guard let first = ordered.first, first.offset <= offset + 1 else { return nil }
        return ordered.drop { $0.offset <= offset }
    }
}
