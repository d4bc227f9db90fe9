/// An immutable open-addressing hash table from UTF-8 byte strings to small integer ids
/// (1, 2, 3, … in insertion order; 0 means "not in the table"). Each slot holds a key's
/// first eight bytes, so most lookups touch one cache line, and a 16 KiB bit filter of the
/// keys' hashes answers most lookups of unknown words without touching the slots (which do
/// not stay in the cache next to other work). Built once, then only read:
/// a value type, safe to share across threads.
struct WordTable: Sendable {
    /// One slot: the key's first eight bytes (little-endian, zero padded), its id, length and
    /// the caller's flags for it (so that a lookup needs no second memory access).
    struct Slot: Sendable {
        var prefix: UInt64 = 0
        var id: Int32 = 0
        var length: UInt16 = 0
        var flags: UInt8 = 0
    }

    private var slots: [Slot]
    private var mask: Int
    /// One bit per value of a hash's top `filterBits` bits: set when some key has that value.
    private var filter = [UInt64](repeating: 0, count: 1 << (Self.filterBits - 6))
    static let filterBits = 17
    /// Every key, one after the other, then 8 zero bytes (so that keys are compared eight bytes
    /// at a time without reading past the end).
    private var keyBytes = [UInt8](repeating: 0, count: 8)
    /// `keyStarts[id]` is where key `id` starts in `keyBytes` (index 0 unused).
    private var keyStarts: [Int32] = [0]
    /// Length in bytes of the longest key; longer words cannot be in the table.
    private(set) var maxKeyLength = 0

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Array(repeating: Slot(), count: capacity)
        mask = capacity - 1
    }

    /// The table's hash of the `count` bytes at `word`, and their first eight bytes as a
    /// little-endian integer (zero padded). Reads whole 8-byte words, so at least 8 bytes past
    /// `count` must be readable (their values do not matter).
    @inline(__always)
    static func hashAndPrefix(_ word: UnsafePointer<UInt8>, count: Int) -> (hash: UInt64, prefix: UInt64) {
        let raw = UnsafeRawPointer(word)
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        var prefix: UInt64 = 0
        var offset = 0
        while offset < count {
            var chunk = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let remaining = count - offset
            if remaining < 8 { chunk &= (1 << UInt64(remaining * 8)) - 1 }
            if offset == 0 { prefix = chunk }
            hash = (hash ^ chunk) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        return (hash, prefix)
    }

    /// The id of `word`, adding it when new. Keys are at most 65,535 bytes long.
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
        // The word followed by 8 readable bytes, as lookups need.
        let (existing, hash, prefix) = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: word.count + 8) { padded in
            let start = padded.baseAddress!
            if let source = word.baseAddress { start.initialize(from: source, count: word.count) }
            (start + word.count).initialize(repeating: 0, count: 8)
            let (hash, prefix) = Self.hashAndPrefix(start, count: word.count)
            return (withLookup { $0.lookup(start, count: word.count).id }, hash, prefix)
        }
        if existing != 0 { return existing }
        let id = Int32(keyStarts.count)
        keyBytes.removeLast(8)
        keyStarts.append(Int32(keyBytes.count))
        keyBytes.append(contentsOf: word)
        keyBytes.append(contentsOf: repeatElement(0, count: 8))
        maxKeyLength = max(maxKeyLength, word.count)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].id != 0 { slot = (slot + 1) & mask }
        slots[slot] = Slot(prefix: prefix, id: id, length: UInt16(word.count))
        let bit = Int(truncatingIfNeeded: hash >> UInt64(64 - Self.filterBits))
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
        return id
    }

    /// The id of `word`, adding it when new.
    mutating func insert(_ word: String) -> Int32 {
        var word = word
        return word.withUTF8 { insert($0) }
    }

    /// Stores `flags[id]` with every key.
    mutating func setFlags(_ flags: [UInt8]) {
        for index in slots.indices where slots[index].id != 0 { slots[index].flags = flags[Int(slots[index].id)] }
    }

    /// A raw read-only view of the table in memory of its own (copied now), for the scoring
    /// hot path; the caller frees it with `WordLookup.deallocate()`.
    func makeLookup() -> WordLookup {
        WordLookup(slots: RawCopy.of(slots), mask: mask, starts: RawCopy.of(keyStarts), keys: RawCopy.of(keyBytes),
                   filter: RawCopy.of(filter))
    }

    /// Calls `body` with raw read-only access to the table, for the scoring hot path.
    func withLookup<Result>(_ body: (WordLookup) -> Result) -> Result {
        slots.withUnsafeBufferPointer { slots in
            keyStarts.withUnsafeBufferPointer { starts in
                keyBytes.withUnsafeBufferPointer { keys in
                    filter.withUnsafeBufferPointer { filter in
                        body(WordLookup(slots: slots.baseAddress!, mask: mask, starts: starts.baseAddress!,
                                        keys: keys.baseAddress!, filter: filter.baseAddress!))
                    }
                }
            }
        }
    }
}

/// Raw read-only view of a `WordTable`: valid inside `WordTable.withLookup`, or until
/// `deallocate()` when made by `WordTable.makeLookup()`. Safe to read from any thread.
struct WordLookup {
    let slots: UnsafePointer<WordTable.Slot>
    let mask: Int
    let starts: UnsafePointer<Int32>
    let keys: UnsafePointer<UInt8>
    let filter: UnsafePointer<UInt64>

    /// The id and flags of the `count` bytes at `word`, or (0, 0). At least 8 bytes past
    /// `count` must be readable (see `WordTable.hashAndPrefix`).
    @inline(__always)
    func lookup(_ word: UnsafePointer<UInt8>, count: Int) -> (id: Int32, flags: UInt8) {
        let (hash, prefix) = WordTable.hashAndPrefix(word, count: count)
        let bit = Int(truncatingIfNeeded: hash >> UInt64(64 - WordTable.filterBits))
        if filter[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return (0, 0) }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = slots[slot]
            if candidate.id == 0 { return (0, 0) }
            if candidate.prefix == prefix && Int(candidate.length) == count && (count <= 8 || rest(of: candidate.id, equals: word, count: count)) {
                return (candidate.id, candidate.flags)
            }
            slot = (slot + 1) & mask
        }
    }

    /// Frees the memory of a view made by `WordTable.makeLookup()`.
    func deallocate() {
        for pointer in [UnsafeRawPointer(slots), UnsafeRawPointer(starts), UnsafeRawPointer(keys), UnsafeRawPointer(filter)] {
            UnsafeMutableRawPointer(mutating: pointer).deallocate()
        }
    }

    /// True when bytes 8..<count of key `id` equal those of `word`, compared eight at a time
    /// (both have 8 readable bytes past `count`).
    @inline(__always)
    private func rest(of id: Int32, equals word: UnsafePointer<UInt8>, count: Int) -> Bool {
        let key = UnsafeRawPointer(keys + Int(starts[Int(id)]))
        let word = UnsafeRawPointer(word)
        var offset = 8
        while offset < count {
            let difference = key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                ^ word.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let remaining = count - offset
            let compared: UInt64 = remaining >= 8 ? ~0 : (1 << UInt64(remaining * 8)) - 1
            if difference & compared != 0 { return false }
            offset += 8
        }
        return true
    }
}
