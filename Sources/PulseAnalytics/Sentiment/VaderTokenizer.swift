/// One word of a text as VADER's rules see it: the id of its lower-cased form in the
/// lexicon's word table (0 when unknown) and two flags. Owned by one scoring call.
struct VaderToken {
    var id: Int32
    var flags: UInt8
    /// Python's `word.isupper()`: some cased letter, none lower or title case.
    static let upper: UInt8 = 1
    /// A negation word, or the lower-cased word contains "n't".
    static let negated: UInt8 = 2

    @inline(__always) var isUpper: Bool { flags & Self.upper != 0 }
    @inline(__always) var isNegated: Bool { flags & Self.negated != 0 }
}

/// Splits UTF-8 text into `VaderToken`s exactly as vaderSentiment 3.3.2 does: Python's
/// `str.split()` on Unicode whitespace, ASCII punctuation stripped from both ends unless
/// fewer than three code points would remain, then `lower()` for lookups and `isupper()`.
/// Emoji are replaced by their descriptions beforehand (`expandingEmoji`).
/// Uses a shared read-only lexicon; each call owns its buffers, so any thread may call it.
struct VaderTokenizer {
    let lexicon: VaderLexicon
    let lookup: WordLookup
    let info: UnsafePointer<VaderLexicon.WordInfo>
    let byteClass: UnsafePointer<UInt8>

    /// What `tokenize` found besides the tokens.
    struct Counts {
        var tokens = 0
        var exclamationMarks = 0
        var questionMarks = 0
    }

    /// Byte classes for the scanning loop.
    static let ordinary: UInt8 = 0, asciiSpace: UInt8 = 1, maybeSpace: UInt8 = 2, exclamation: UInt8 = 3, question: UInt8 = 4
    static let byteClasses: [UInt8] = (0...255).map { byte -> UInt8 in
        if byte < 0x80 && PythonText.isWhitespace(UInt32(byte)) { return asciiSpace }
        if byte == UInt8(ascii: "!") { return exclamation }
        if byte == UInt8(ascii: "?") { return question }
        return [0xC2, 0xE1, 0xE2, 0xE3].contains(byte) ? maybeSpace : ordinary
    }

    /// Writes the tokens of `text` to `tokens` (capacity at least `text.count / 2 + 1`) and
    /// counts them and the text's `!` and `?`.
    func tokenize(_ text: UnsafeBufferPointer<UInt8>, into tokens: UnsafeMutablePointer<VaderToken>) -> Counts {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: lexicon.words.maxKeyLength + 1) { scratch in
            var counts = Counts()
            var index = 0
            let end = text.count
            while index < end {
                let space = whitespaceLength(text, at: index)
                if space > 0 { index += space; continue }
                let start = index
                scan: while index < end {
                    switch byteClass[Int(text[index])] {
                    case Self.ordinary: index += 1
                    case Self.asciiSpace: break scan
                    case Self.exclamation: counts.exclamationMarks += 1; index += 1
                    case Self.question: counts.questionMarks += 1; index += 1
                    default:
                        let (scalar, length) = UTF8Decoding.scalar(in: text, at: index)
                        if PythonText.isWhitespace(scalar) { break scan }
                        index += length
                    }
                }
                tokens[counts.tokens] = token(text, start, index, scratch)
                counts.tokens += 1
            }
            return counts
        }
    }

    /// Length in bytes of the whitespace character at `index`, or 0.
    @inline(__always)
    private func whitespaceLength(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byteClass = byteClass[Int(text[index])]
        if byteClass == Self.asciiSpace { return 1 }
        if byteClass != Self.maybeSpace { return 0 }
        let (scalar, length) = UTF8Decoding.scalar(in: text, at: index)
        return PythonText.isWhitespace(scalar) ? length : 0
    }

    /// The token for the bytes `start..<end` (no whitespace inside).
    @inline(__always)
    private func token(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> VaderToken {
        var first = start
        var last = end
        while first < last && PythonText.isPunctuation(text[first]) { first += 1 }
        while last > first && PythonText.isPunctuation(text[last - 1]) { last -= 1 }
        if (first != start || last != end) && UTF8Decoding.scalarCount(in: text, first, last) <= 2 {
            first = start
            last = end
        }
        return classify(text, first, last, scratch)
    }

    /// Lower-cases the word `start..<end` into `scratch` while hashing it, notes its case
    /// and "n't", and looks it up.
    @inline(__always)
    private func classify(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> VaderToken {
        var hash = WordTable.initialHash
        var length = 0
        var hasUpper = false
        var hasLowerOrTitle = false
        var hasNonASCIILowered = false
        var hasNT = false
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        var index = start
        while index < end {
            var lowered = text[index]
            if lowered < 0x80 {
                if lowered &- 0x41 < 26 {
                    lowered |= 0x20
                    hasUpper = true
                } else if lowered &- 0x61 < 26 {
                    hasLowerOrTitle = true
                }
                index += 1
            } else {
                let (scalar, scalarLength) = UTF8Decoding.scalar(in: text, at: index)
                index += scalarLength
                if scalar == 0x212A {  // KELVIN SIGN lower-cases to ASCII "k"
                    hasUpper = true
                    lowered = 0x6B
                } else {
                    if let properties = Unicode.Scalar(scalar)?.properties {
                        if properties.isLowercase || properties.generalCategory == .titlecaseLetter {
                            hasLowerOrTitle = true
                        } else if properties.isUppercase {
                            hasUpper = true
                        }
                    }
                    hasNonASCIILowered = true
                    previous = 0
                    beforePrevious = 0
                    continue
                }
            }
            if lowered == 0x74 && previous == 0x27 && beforePrevious == 0x6E { hasNT = true }  // n't
            beforePrevious = previous
            previous = lowered
            if length < scratch.count { scratch[length] = lowered }
            length += 1
            hash = WordTable.hash(hash, adding: lowered)
        }
        var id: Int32 = 0
        if hasNonASCIILowered {
            if lexicon.hasNonASCIIKeys { id = lookUpLowercased(text, start, end) }
        } else if length < scratch.count {
            id = lookup.lookup(scratch.baseAddress!, count: length, hash: hash)
        }
        var flags: UInt8 = 0
        if hasUpper && !hasLowerOrTitle { flags |= VaderToken.upper }
        if hasNT || info[Int(id)].flags & VaderLexicon.WordInfo.negation != 0 { flags |= VaderToken.negated }
        return VaderToken(id: id, flags: flags)
    }

    /// The slow path for lexicons with non-ASCII keys: Unicode lower-casing of the whole word.
    private func lookUpLowercased(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        var lowered = Array(String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self).lowercased().utf8)
        var hash = WordTable.initialHash
        for byte in lowered { hash = WordTable.hash(hash, adding: byte) }
        return lowered.withUnsafeMutableBufferPointer { lexicon.words.lookup(UnsafeBufferPointer($0), hash: hash) }
    }

    /// The text with every code point of the emoji lexicon replaced by its description (a
    /// space is put before it unless the previous character was a space), or nil when the
    /// text has no such code point.
    func expandingEmoji(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let emoji = lexicon.emoji
        var output: [UInt8]?
        var copiedUpTo = 0
        var previousWasSpace = true
        guard !text.isEmpty else { return nil }
        var index = UTF8Decoding.firstNonASCII(in: text)
        while index < text.count {
            guard text[index] >= 0xC2 else { index += 1; continue }
            let (scalar, length) = UTF8Decoding.scalar(in: text, at: index)
            if emoji.contains(scalar) {
                if output == nil { output = []; output!.reserveCapacity(text.count + 64) }
                output!.append(contentsOf: UnsafeBufferPointer(rebasing: text[copiedUpTo..<index]))
                if index > copiedUpTo { previousWasSpace = text[index - 1] == 0x20 }
                if !previousWasSpace { output!.append(0x20) }
                output!.append(contentsOf: emoji.descriptionBytes[emoji.description(of: scalar)])
                previousWasSpace = false
                copiedUpTo = index + length
            }
            index += length
        }
        guard var result = output else { return nil }
        result.append(contentsOf: UnsafeBufferPointer(rebasing: text[copiedUpTo..<text.count]))
        return result
    }
}
