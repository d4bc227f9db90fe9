/// An immutable open-addressing hash table from UTF-8 byte strings to small integer ids
/// (1, 2, 3, … in insertion order; 0 means "not in the table"). Built once, then only read:
/// a value type, safe to share across threads.
struct WordTable: Sendable {
    private var keyBytes: [UInt8] = []
    private var keyStarts: [Int32] = [0]
    private var keyHashes: [UInt32] = [0]
    private var slots: [Int32]
    private var mask: Int
    /// Length in bytes of the longest key; longer words cannot be in the table.
    private(set) var maxKeyLength = 0
    /// Number of ids handed out, plus one for the "unknown" id 0.
    var idCount: Int { keyHashes.count }

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// FNV-1a over bytes; the tokenizer computes the same hash while it lower-cases a word.
    @inline(__always)
    static func hash(_ hash: UInt32, adding byte: UInt8) -> UInt32 {
        (hash ^ UInt32(byte)) &* 16_777_619
    }
    static let initialHash: UInt32 = 2_166_136_261

    /// The id of `word`, adding it when new.
    mutating func insert(_ word: some Collection<UInt8>) -> Int32 {
        var hash = Self.initialHash
        for byte in word { hash = Self.hash(hash, adding: byte) }
        let bytes = Array(word)
        let existing = bytes.withUnsafeBufferPointer { lookup($0, hash: hash) }
        if existing != 0 { return existing }
        let id = Int32(keyHashes.count)
        keyBytes.append(contentsOf: bytes)
        keyStarts.append(Int32(keyBytes.count))
        keyHashes.append(hash)
        maxKeyLength = max(maxKeyLength, bytes.count)
        var slot = Int(hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = id
        return id
    }

    /// The id of the word in `word` whose FNV-1a hash is `hash`, or 0 (a slow path, for building).
    func lookup(_ word: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
        withLookup { $0.lookup(word.baseAddress!, count: word.count, hash: hash) }
    }

    /// Calls `body` with raw read-only access to the table, for the scoring hot path.
    func withLookup<Result>(_ body: (WordLookup) -> Result) -> Result {
        slots.withUnsafeBufferPointer { slots in
            keyStarts.withUnsafeBufferPointer { starts in
                keyHashes.withUnsafeBufferPointer { hashes in
                    keyBytes.withUnsafeBufferPointer { keys in
                        body(WordLookup(slots: slots.baseAddress!, mask: mask, starts: starts.baseAddress!,
                                        hashes: hashes.baseAddress!, keys: keys.baseAddress ?? UnsafePointer(bitPattern: 1)!))
                    }
                }
            }
        }
    }
}

/// Raw read-only view of a `WordTable`, valid only inside `WordTable.withLookup`.
struct WordLookup {
    let slots: UnsafePointer<Int32>
    let mask: Int
    let starts: UnsafePointer<Int32>
    let hashes: UnsafePointer<UInt32>
    let keys: UnsafePointer<UInt8>

    /// The id of the `count` bytes at `word` whose FNV-1a hash is `hash`, or 0.
    @inline(__always)
    func lookup(_ word: UnsafePointer<UInt8>, count: Int, hash: UInt32) -> Int32 {
        var slot = Int(hash) & mask
        while true {
            let id = Int(slots[slot])
            if id == 0 { return 0 }
            if hashes[id] == hash {
                let start = Int(starts[id - 1])
                if Int(starts[id]) - start == count {
                    var offset = 0
                    while offset < count && keys[start + offset] == word[offset] { offset += 1 }
                    if offset == count { return Int32(id) }
                }
            }
            slot = (slot + 1) & mask
        }
    }
}
