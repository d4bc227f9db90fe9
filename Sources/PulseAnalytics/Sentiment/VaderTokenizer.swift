/// One word of a text as VADER's rules see it: the id of its lower-cased form in the
/// lexicon's word table (0 when unknown), that word's `VaderLexicon.WordInfo` flags, and two
/// flags of its own. Owned by one scoring call.
struct VaderToken {
    var id: Int32
    var wordFlags: UInt8
    var flags: UInt8
    /// Python's `word.isupper()`: some cased letter, none lower or title case.
    static let upper: UInt8 = 1
    /// A negation word, or the lower-cased word contains "n't".
    static let negated: UInt8 = 2

    @inline(__always) var isUpper: Bool { flags & Self.upper != 0 }
    @inline(__always) var isNegated: Bool { flags & Self.negated != 0 }
    @inline(__always) var inLexicon: Bool { wordFlags & VaderLexicon.WordInfo.inLexicon != 0 }
}

/// Splits UTF-8 text into `VaderToken`s exactly as vaderSentiment 3.3.2 does: Python's
/// `str.split()` on Unicode whitespace, ASCII punctuation stripped from both ends unless
/// fewer than three code points would remain, then `lower()` for lookups and `isupper()`.
/// Each word is read once: a short ASCII word sixteen bytes at a time (`shortASCIIWord`), any
/// other lower-cased and case-checked byte by byte while its end is sought (`scanWord`).
/// Emoji are replaced by their descriptions beforehand (`withEmojiExpanded`).
/// Holds raw views of a shared read-only lexicon (`VaderTables`), valid for one scoring call.
struct VaderTokenizer {
    let tables: UnsafePointer<VaderTables>
    let lookup: WordLookup
    let byteClass: UnsafePointer<UInt8>

    init(tables: UnsafePointer<VaderTables>) {
        self.tables = tables
        lookup = tables.pointee.words
        byteClass = tables.pointee.byteClasses
    }

    /// What `tokenize` found besides the tokens.
    struct Counts {
        var tokens = 0, upperTokens = 0
        var exclamationMarks = 0, questionMarks = 0
    }

    /// Bits of `byteClasses`.
    static let space: UInt8 = 1, maybeSpace: UInt8 = 2, punctuation: UInt8 = 4, upper: UInt8 = 8, lower: UInt8 = 16
    static let byteClasses: [UInt8] = (0...255).map { (value: Int) -> UInt8 in
        let byte = UInt8(value)
        if byte >= 0x80 { return [0xC2, 0xE1, 0xE2, 0xE3].contains(byte) ? maybeSpace : 0 }
        if PythonText.isWhitespace(UInt32(byte)) { return space }
        if (0x41...0x5A).contains(byte) { return upper }
        if (0x61...0x7A).contains(byte) { return lower }
        return PythonText.isPunctuation(byte) ? punctuation : 0
    }

    /// One read of a word: where it ends, where its stripped form lies, and its case.
    private struct WordScan {
        var end = 0
        /// The word proper, without the stripped punctuation.
        var wordStart = 0, wordEnd = 0
        var scalarCount = 0
        /// Length of the lower-cased word in the scratch buffer.
        var length = 0
        var hasUpper = false, hasLowerOrTitle = false, hasNonASCIILetter = false, hasApostrophe = false
    }

    /// Writes the tokens of `text` to `tokens` (capacity at least `text.count / 2 + 1`) and
    /// counts them and the text's `!` and `?`. The words are looked up after the whole text is
    /// read, in one tight loop whose table reads (often cache misses) overlap.
    func tokenize(_ text: UnsafeBufferPointer<UInt8>, into tokens: UnsafeMutablePointer<VaderToken>) -> Counts {
        // Every lower-cased word, one after the other (never longer than the text), plus the
        // 16 bytes that a short word's store and word lookups may write or read past the last one.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count + 16) { scratch in
            withUnsafeTemporaryAllocation(of: PendingLookup.self, capacity: text.count / 2 + 1) { pending in
                var counts = Counts()
                (counts.exclamationMarks, counts.questionMarks) = Self.countMarks(text)
                var index = 0
                var used = 0
                var firstPending = 0
                let words = scratch.baseAddress!
                func lookUpPending() {
                    for tokenIndex in firstPending..<counts.tokens where pending[tokenIndex].offset >= 0 {
                        let word = lookup.lookup(words + Int(pending[tokenIndex].offset), count: Int(pending[tokenIndex].length))
                        tokens[tokenIndex].id = word.id
                        tokens[tokenIndex].wordFlags = word.flags
                        if word.flags & VaderLexicon.WordInfo.negation != 0 { tokens[tokenIndex].flags |= VaderToken.negated }
                    }
                    firstPending = counts.tokens
                }
                while index < text.count {
                    let space = whitespaceLength(text, at: index)
                    if space > 0 { index += space; continue }
                    if used > Int(Int32.max) {  // only in texts over 2 GiB: look up what is pending, reuse the scratch
                        lookUpPending()
                        used = 0
                    }
                    if let word = shortASCIIWord(text, at: index, lowercasedTo: words + used) {
                        tokens[counts.tokens] = word.token
                        let needsLookup = word.length <= tables.pointee.maxKeyLength
                        pending[counts.tokens] = PendingLookup(offset: needsLookup ? Int32(used) : -1, length: Int32(word.length))
                        used += word.length
                        counts.tokens += 1
                        counts.upperTokens += word.token.isUpper ? 1 : 0
                        index = word.end
                        continue
                    }
                    let wordScratch = UnsafeMutableBufferPointer(rebasing: scratch[used...])
                    var scan = scanWord(text, from: index, stripping: true, wordScratch)
                    if (scan.wordStart != index || scan.wordEnd != scan.end) && scan.scalarCount <= 2 {
                        scan = scanWholeWord(text, from: index, wordScratch)  // too short once stripped: keep it all
                    }
                    let (token, needsLookup) = self.token(scan, text)
                    tokens[counts.tokens] = token
                    pending[counts.tokens] = PendingLookup(offset: needsLookup ? Int32(used) : -1, length: Int32(truncatingIfNeeded: scan.length))
                    used += scan.length
                    counts.tokens += 1
                    counts.upperTokens += token.isUpper ? 1 : 0
                    index = scan.end
                }
                lookUpPending()
                return counts
            }
        }
    }

    /// Where a token's lower-cased word lies in the scratch buffer (offset -1: no lookup; a
    /// looked-up word is at most `maxKeyLength` long). Small, so that the buffer of a typical
    /// post stays on the stack.
    private struct PendingLookup {
        var offset: Int32
        var length: Int32
    }

    /// Length in bytes of the whitespace character at `index`, or 0.
    @inline(__always)
    private func whitespaceLength(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byteClass = byteClass[Int(text[index])]
        if byteClass & Self.space != 0 { return 1 }
        if byteClass & Self.maybeSpace == 0 { return 0 }
        let (scalar, length) = UTF8Decoding.scalar(in: text, at: index)
        return PythonText.isWhitespace(scalar) ? length : 0
    }

    /// Reads the word at `start` up to whitespace, lower-casing it into `scratch` (which has
    /// room for the whole text); with `stripping`, leading and trailing ASCII punctuation is
    /// left out of the word.
    @inline(__always)
    private func scanWord(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, stripping: Bool, _ scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> WordScan {
        var index = start
        while stripping && index < text.count {
            guard byteClass[Int(text[index])] & Self.punctuation != 0 else { break }
            index += 1
        }
        let wordStart = index
        let scratch = scratch.baseAddress!
        var length = 0, scalarCount = 0
        var hasUpper = false, hasLowerOrTitle = false, hasNonASCIILetter = false, hasApostrophe = false
        // The state before the current run of trailing punctuation, restored if the word ends in it.
        var inPunctuationRun = false
        var kept = (length: 0, scalarCount: 0, end: index)
        while index < text.count {
            var byte = text[index]
            var byteClass = byteClass[Int(byte)]
            if byteClass == Self.lower {  // the common case: a run of lower-case ASCII letters
                hasLowerOrTitle = true
                // Eight bytes at a time, so that the run's end costs no mispredicted branch: the
                // eight bytes are stored whole (the scratch has room: no word is lowered to more
                // bytes than it has, and eight bytes of text follow), only the run counts.
                while index &+ 8 <= text.count {
                    let word = UnsafeRawPointer(text.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    UnsafeMutableRawPointer(scratch + length).storeBytes(of: word, as: UInt64.self)
                    let run = Self.lowercaseRunLength(word)
                    length &+= run
                    scalarCount &+= run
                    index &+= run
                    if run < 8 { break }
                }
                while index < text.count && self.byteClass[Int(text[index])] == Self.lower {  // near the end
                    scratch[length] = text[index]
                    length &+= 1
                    scalarCount &+= 1
                    index &+= 1
                }
                inPunctuationRun = false
                guard index < text.count else { break }
                byte = text[index]
                byteClass = self.byteClass[Int(byte)]
            }
            var lowered = byte
            if byte < 0x80 {
                if byteClass & Self.space != 0 { break }
                if byteClass & Self.upper != 0 {
                    lowered = byte | 0x20
                    hasUpper = true
                } else if byteClass & Self.lower != 0 {
                    hasLowerOrTitle = true
                } else if byteClass & Self.punctuation != 0 {
                    if byte == 0x27 { hasApostrophe = true }
                    if stripping && !inPunctuationRun {
                        inPunctuationRun = true
                        kept = (length, scalarCount, index)
                    }
                }
                if byteClass & Self.punctuation == 0 { inPunctuationRun = false }
                index += 1
            } else {
                let (scalar, scalarLength) = UTF8Decoding.scalar(in: text, at: index)
                if byteClass & Self.maybeSpace != 0 && PythonText.isWhitespace(scalar) { break }
                index += scalarLength
                inPunctuationRun = false
                if scalar == 0x212A {  // KELVIN SIGN lower-cases to ASCII "k"
                    lowered = 0x6B
                    hasUpper = true
                } else {
                    let caseClass = UnicodeCaseTable.caseClass(of: scalar)
                    hasUpper = hasUpper || caseClass == UnicodeCaseTable.upper
                    hasLowerOrTitle = hasLowerOrTitle || caseClass == UnicodeCaseTable.lowerOrTitle
                    hasNonASCIILetter = true
                    scalarCount += 1
                    continue
                }
            }
            scratch[length] = lowered
            length &+= 1
            scalarCount &+= 1
        }
        if !inPunctuationRun { kept = (length, scalarCount, index) }
        return WordScan(
            end: index, wordStart: wordStart, wordEnd: kept.end, scalarCount: kept.scalarCount, length: kept.length,
            hasUpper: hasUpper, hasLowerOrTitle: hasLowerOrTitle, hasNonASCIILetter: hasNonASCIILetter,
            hasApostrophe: hasApostrophe)
    }

    /// Number of leading bytes (0...8) of `word` (the first byte lowest) that are `a`...`z`.
    @inline(__always)
    private static func lowercaseRunLength(_ word: UInt64) -> Int {
        let low7 = word & 0x7F7F_7F7F_7F7F_7F7F
        // Adding 0x80 - bound to a 7-bit byte sets its high bit exactly when it is >= bound.
        let lower = (low7 &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(low7 &+ 0x0505_0505_0505_0505) & ~word
        return (~lower & 0x8080_8080_8080_8080).trailingZeroBitCount >> 3
    }

    /// `scanWord` without stripping, for the rare words (mostly emoticons) that keep their
    /// punctuation; out of line so that the common call is inlined.
    @inline(never)
    private func scanWholeWord(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, _ scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> WordScan {
        scanWord(text, from: start, stripping: false, scratch)
    }

    /// The token of a scanned word with its case and negation flags, and whether its ASCII
    /// lower-cased form is still to be looked up (words with other letters are looked up here).
    @inline(__always)
    private func token(_ scan: WordScan, _ text: UnsafeBufferPointer<UInt8>) -> (VaderToken, needsLookup: Bool) {
        var word: (id: Int32, flags: UInt8) = (0, 0)
        var needsLookup = false
        if scan.hasNonASCIILetter {
            if tables.pointee.hasNonASCIIKeys { word = lookUpLowercased(text, scan.wordStart, scan.wordEnd) }
        } else {
            needsLookup = scan.length <= tables.pointee.maxKeyLength
        }
        var flags: UInt8 = 0
        if scan.hasUpper && !scan.hasLowerOrTitle { flags |= VaderToken.upper }
        if word.flags & VaderLexicon.WordInfo.negation != 0
            || (scan.hasApostrophe && Self.containsNT(text, scan.wordStart, scan.wordEnd))
        {
            flags |= VaderToken.negated
        }
        return (VaderToken(id: word.id, wordFlags: word.flags, flags: flags), needsLookup)
    }

    /// The slow path for lexicons with non-ASCII keys: Unicode lower-casing of the whole word.
    private func lookUpLowercased(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (id: Int32, flags: UInt8) {
        let lowered = Array(String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self).lowercased().utf8)
        let padded = lowered + [UInt8](repeating: 0, count: 8)
        return padded.withUnsafeBufferPointer { lookup.lookup($0.baseAddress!, count: lowered.count) }
    }

    /// Whether the lower-cased word `start..<end` contains "n't". Only ASCII letters and the
    /// Kelvin sign lower-case to ASCII, so any other non-ASCII code point breaks the sequence.
    static func containsNT(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        var index = start
        while index < end {
            var lowered = text[index]
            if lowered < 0x80 {
                if lowered &- 0x41 < 26 { lowered |= 0x20 }
                index += 1
            } else {
                let (scalar, length) = UTF8Decoding.scalar(in: text, at: index)
                lowered = scalar == 0x212A ? 0x6B : 0
                index += length
            }
            if lowered == 0x74 && previous == 0x27 && beforePrevious == 0x6E { return true }
            beforePrevious = previous
            previous = lowered
        }
        return false
    }
}
