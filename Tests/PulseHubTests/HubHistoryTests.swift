import PulseAnalytics
import PulseStore
import Testing
@testable import PulseHub

/// The recovery ring is bounded by count and by encoded bytes: a busy hub's deltas carry
/// thousands of posts, and a count alone let the ring hold gigabytes (found by a load run).
@Suite struct HubHistoryTests {
    /// A delta at `offset` carrying `posts` posts of about 200 encoded bytes each.
    static func entry(offset: UInt64, posts: Int) -> HistoryEntry {
        let objects = (0..<posts).map { _ in [UInt8](repeating: UInt8(ascii: "x"), count: 200) }
        return HistoryEntry(parts: ViewEncoder.Parts(op: "delta", offset: offset, head: Array("{\"op\":\"delta\"".utf8),
                                                     topicMembers: [:], posts: [], postObjects: objects))
    }

    @Test func theOldestDeltasGoOnceTheBytesAreOverTheBound() {
        var history = HubHistory(capacity: 1000, maxBytes: 100_000)
        for offset in 1...40 { history.append(Self.entry(offset: UInt64(offset), posts: 50)) }  // ~10 KB each
        #expect(history.count < 11 && history.count >= 9)
        #expect(history.heldBytes <= 100_000)
        #expect(history.after(40 - UInt64(history.count)) != nil)
        #expect(history.after(40 - UInt64(history.count) - 1) == nil, "recovery past the bound must be refused, not partial")
        #expect(history.after(39)?.map(\.offset) == [40])
    }

    @Test func oneDeltaOverTheBoundAloneIsStillKept() {
        var history = HubHistory(capacity: 1000, maxBytes: 65_536)
        history.append(Self.entry(offset: 1, posts: 10))
        history.append(Self.entry(offset: 2, posts: 1000))  // 200 KB: over the bound by itself
        #expect(history.count == 1 && history.latestOffset == 2)
        #expect(history.after(1)?.map(\.offset) == [2])
        for offset in 3...300 { history.append(Self.entry(offset: UInt64(offset), posts: 1)) }
        #expect(history.count == 298)  // 3...300, about 213 B each: under the bound again
        #expect(history.after(299)?.map(\.offset) == [300])
        #expect(history.after(2) != nil && history.after(1) == nil)
    }

    @Test func theCountStillBounds() {
        var history = HubHistory(capacity: 5)
        for offset in 1...12 { history.append(Self.entry(offset: UInt64(offset), posts: 1)) }
        #expect(history.count == 5)
        #expect(history.after(7)?.map(\.offset) == [8, 9, 10, 11, 12])
        #expect(history.after(6) == nil)
    }

    /// A dropped delta is released at once, not when a later compaction comes: under load each
    /// one holds thousands of encoded posts (the full soak's RSS grew by exactly these).
    @Test func aDroppedDeltaIsReleasedAtOnce() {
        var history = HubHistory(capacity: 4, maxBytes: 1_000_000)
        weak var first: HistoryEntry?
        weak var overBytes: HistoryEntry?
        do {
            let entry = Self.entry(offset: 1, posts: 1)
            first = entry
            history.append(entry)
        }
        for offset in 2...5 { history.append(Self.entry(offset: UInt64(offset), posts: 1)) }
        #expect(first == nil, "the delta dropped by the count bound must not be held")
        do {
            let big = Self.entry(offset: 6, posts: 4_000)  // 800 KB
            overBytes = big
            history.append(big)
        }
        history.append(Self.entry(offset: 7, posts: 1_500))  // 300 KB: the 800 KB one must go
        #expect(overBytes == nil, "the delta dropped by the byte bound must not be held")
        #expect(history.count == 1 && history.after(6)?.map(\.offset) == [7])
    }
}
