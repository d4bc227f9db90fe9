/// The emoji lexicon: which single code points are replaced by which text description.
/// Entries of several code points are kept in the count but, as in the reference (which
/// looks up one code point at a time), never match. Built once; scoring reads the raw copy
/// `makeLookup()` makes. Immutable: safe to share across threads.
struct EmojiTable: Sendable {
    /// One bit per code point below `limit`: set when the code point has a description.
    private var bits: [UInt64]
    /// `ranks[w]` is the number of set bits in `bits[0..<w]`: with the bits below a code point
    /// in its own word, the index of its description (descriptions are kept in code point order).
    private var ranks: [Int32]
    private var limit: UInt32
    /// `descriptionStarts[i]..<descriptionStarts[i + 1]` is description `i` in `descriptionBytes`.
    private var descriptionStarts: [Int32] = [0]
    private var descriptionBytes: [UInt8] = []
    /// The smallest code point with a description (everything below is skipped quickly).
    private var smallest: UInt32 = .max
    /// One bit per byte value 0x80...0xFF: set when some code point with a description starts
    /// with that byte in UTF-8 (other characters are passed over without being decoded).
    private var leadBytes: (UInt64, UInt64) = (0, 0)
    /// Number of distinct entries in the file.
    let entryCount: Int

    /// Parses `emoji_utf8_lexicon.txt`: `emoji<TAB>description` per line.
    init(text: String) throws {
        // Distinct keys compared by code points (bytes), as Python's dict compares them.
        var keys = WordTable(expectedCount: 4_096)
        var keyCount = 0
        // Single code points and where their (last) description lies in `rawDescriptions`.
        var entryIndex: [UInt32: Int] = [:]
        var entries: [(scalar: UInt32, description: Range<Int>)] = []
        var rawDescriptions: [UInt8] = []
        try PythonText.forEachLine(in: text) { number, _, emoji, description in
            guard let description else {
                throw VaderLexiconError(file: "emoji lexicon", line: number, message: "expected emoji<TAB>description")
            }
            if Int(keys.insert(emoji)) > keyCount { keyCount += 1 }
            // Only single code points can match: the reference looks up one code point at a time.
            if !emoji.isEmpty, case let (scalar, length) = UTF8Decoding.scalar(in: emoji, at: 0), length == emoji.count {
                let range = rawDescriptions.count..<(rawDescriptions.count + description.count)
                rawDescriptions.append(contentsOf: description)
                if let index = entryIndex[scalar] {
                    entries[index].description = range  // a repeated key keeps its last value
                } else {
                    entryIndex[scalar] = entries.count
                    entries.append((scalar, range))
                }
            }
        }
        entryCount = keyCount
        entries.sort { $0.scalar < $1.scalar }
        limit = (entries.last?.scalar ?? 0) + 1
        bits = Array(repeating: 0, count: Int(limit / 64) + 1)
        descriptionBytes.reserveCapacity(rawDescriptions.count)
        for (scalar, description) in entries {
            bits[Int(scalar >> 6)] |= 1 << UInt64(scalar & 63)
            descriptionBytes.append(contentsOf: rawDescriptions[description])
            descriptionStarts.append(Int32(descriptionBytes.count))
            smallest = min(smallest, scalar)
            if scalar >= 0x80 {
                let lead = scalar < 0x800 ? 0xC0 | scalar >> 6 : scalar < 0x10000 ? 0xE0 | scalar >> 12 : 0xF0 | scalar >> 18
                let bit = UInt64(1) << UInt64(lead & 63)
                if lead & 0x40 == 0 { leadBytes.0 |= bit } else { leadBytes.1 |= bit }
            }
        }
        if entries.contains(where: { $0.scalar == 0xFFFD }) {
            leadBytes = (~0, ~0)  // malformed UTF-8 decodes as U+FFFD whatever its lead byte
        }
        var rank: Int32 = 0
        ranks = bits.map { word in
            defer { rank += Int32(word.nonzeroBitCount) }
            return rank
        }
    }

    /// A raw read-only view of the table in memory of its own (copied now), for the scoring
    /// hot path; the caller frees it with `Lookup.deallocate()`.
    func makeLookup() -> Lookup {
        Lookup(bits: RawCopy.of(bits), ranks: RawCopy.of(ranks), descriptionStarts: RawCopy.of(descriptionStarts),
               descriptionBytes: RawCopy.of(descriptionBytes), limit: limit, smallest: smallest, leadBytes: leadBytes)
    }

    /// Raw read-only view of an `EmojiTable`, valid until `deallocate()`. Safe to read from any thread.
    struct Lookup {
        let bits: UnsafePointer<UInt64>
        let ranks: UnsafePointer<Int32>
        let descriptionStarts: UnsafePointer<Int32>
        let descriptionBytes: UnsafePointer<UInt8>
        let limit: UInt32
        let smallest: UInt32
        let leadBytes: (UInt64, UInt64)

        /// True when some code point with a description starts with `byte` (0x80 or above).
        @inline(__always)
        func mayStartWith(_ byte: UInt8) -> Bool {
            let word = byte & 0x40 == 0 ? leadBytes.0 : leadBytes.1
            return word & (1 << UInt64(byte & 63)) != 0
        }

        /// True when `scalar` has a description.
        @inline(__always)
        func contains(_ scalar: UInt32) -> Bool {
            scalar >= smallest && scalar < limit && bits[Int(scalar >> 6)] & (1 << UInt64(scalar & 63)) != 0
        }

        /// The description's byte range in `descriptionBytes` (only for a `scalar` it contains).
        @inline(__always)
        func description(of scalar: UInt32) -> Range<Int> {
            let word = Int(scalar >> 6)
            let below = bits[word] & ((1 << UInt64(scalar & 63)) - 1)
            let index = Int(ranks[word]) + below.nonzeroBitCount
            return Int(descriptionStarts[index])..<Int(descriptionStarts[index + 1])
        }

        /// Frees the memory of the view.
        func deallocate() {
            for pointer in [UnsafeRawPointer(bits), UnsafeRawPointer(ranks), UnsafeRawPointer(descriptionStarts), UnsafeRawPointer(descriptionBytes)] {
                UnsafeMutableRawPointer(mutating: pointer).deallocate()
            }
        }
    }
}
