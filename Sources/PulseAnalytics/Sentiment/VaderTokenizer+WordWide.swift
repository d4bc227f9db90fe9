/// Word-wide (eight bytes per register) reading of the tokenizer's common cases.
extension VaderTokenizer {
    /// The number of `!` and of `?` in `text`, counted eight bytes at a time.
    static func countMarks(_ text: UnsafeBufferPointer<UInt8>) -> (exclamation: Int, question: Int) {
        var exclamation = 0, question = 0
        var index = 0
        guard !text.isEmpty else { return (0, 0) }
        let raw = UnsafeRawPointer(text.baseAddress!)
        while index + 8 <= text.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            exclamation &+= zeroBytes(word ^ 0x2121_2121_2121_2121).nonzeroBitCount
            question &+= zeroBytes(word ^ 0x3F3F_3F3F_3F3F_3F3F).nonzeroBitCount
            index += 8
        }
        if index < text.count {  // the last bytes, zero padded (a zero byte is neither mark)
            var word: UInt64 = 0
            withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: raw + index, byteCount: text.count - index) }
            exclamation &+= zeroBytes(word ^ 0x2121_2121_2121_2121).nonzeroBitCount
            question &+= zeroBytes(word ^ 0x3F3F_3F3F_3F3F_3F3F).nonzeroBitCount
        }
        return (exclamation, question)
    }

    /// A word read by `shortASCIIWord`: its token (id and word flags still to be looked up),
    /// the length of its lower-cased form in the scratch, and the index just after it.
    struct ShortWord {
        var token: VaderToken
        var length: Int
        var end: Int
    }

    /// The common word, read sixteen bytes at a time with word-wide arithmetic (no branch on
    /// any single byte): at most 15 bytes, all ASCII, followed by ASCII whitespace or the end
    /// of the text. Its punctuation is stripped as `scanWord` strips it (all of it kept when
    /// fewer than three characters would remain), its lower-cased form is stored at `scratch`
    /// (16 bytes are written), and its ALL-CAPS and "n't" flags are set. Nil for any other
    /// word, which `scanWord` then reads.
    @inline(__always)
    func shortASCIIWord(_ text: UnsafeBufferPointer<UInt8>, at start: Int, lowercasedTo scratch: UnsafeMutablePointer<UInt8>) -> ShortWord? {
        let (first, second) = Self.load16(text, at: start)
        let low = ByteMasks(first), high = ByteMasks(second)
        // The word ends at the first byte that is not printable ASCII (bytes past the end of
        // the text are zero), which must be ASCII whitespace or the end of the text.
        let count = Self.bits(low.end, high.end).trailingZeroBitCount
        let remaining = text.count - start
        guard count < 16, count == remaining || byteClass[Int(text[start + count])] & Self.space != 0 else { return nil }
        let word: UInt32 = (1 << UInt32(count)) - 1
        let punctuation = Self.bits(low.punctuation, high.punctuation)
        let kept = ~punctuation & word
        let leading = (kept | 1 << UInt32(count)).trailingZeroBitCount
        let trailing = kept == 0 ? 0 : count - 32 + kept.leadingZeroBitCount
        let strippedCount = count - leading - trailing
        let whole = leading + trailing > 0 && strippedCount <= 2
        let offset = whole ? 0 : leading
        let length = whole ? count : strippedCount
        let tokenBits: UInt32 = ((1 << UInt32(length)) - 1) << UInt32(offset)

        // Lower-cased, the token moved to the front (the bytes after it are never read as its own).
        let lowered = UInt128(second | high.upper >> 2) << 64 | UInt128(first | low.upper >> 2)
        UnsafeMutableRawPointer(scratch).storeBytes(of: lowered >> UInt128(8 * offset), as: UInt128.self)

        let upper = Self.bits(low.upper, high.upper) & tokenBits
        let letters = Self.bits(low.letter, high.letter) & tokenBits
        var flags: UInt8 = upper != 0 && upper == letters ? VaderToken.upper : 0
        // Most tokens have no punctuation left in them, so no apostrophe to look for.
        if punctuation & tokenBits != 0 && Self.bits(Self.apostrophes(first), Self.apostrophes(second)) & tokenBits != 0
            && Self.containsNT(text, start + offset, start + offset + length)
        {
            flags |= VaderToken.negated
        }
        return ShortWord(token: VaderToken(id: 0, wordFlags: 0, flags: flags), length: length, end: start + count)
    }

    /// The sixteen bytes from `start`, zero past the end of the text (little-endian).
    @inline(__always)
    private static func load16(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> (UInt64, UInt64) {
        let source = UnsafeRawPointer(text.baseAddress! + start)
        if text.count - start >= 16 {
            return (source.loadUnaligned(as: UInt64.self), source.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        var padded: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &padded) { $0.baseAddress!.copyMemory(from: source, byteCount: text.count - start) }
        return padded
    }

    /// One bit per byte (the first byte lowest) of two byte masks holding 0x80 or 0.
    @inline(__always)
    private static func bits(_ low: UInt64, _ high: UInt64) -> UInt32 {
        let gather: UInt64 = 0x0102_0408_1020_4080
        return UInt32(truncatingIfNeeded: ((low >> 7) &* gather) >> 56 | (((high >> 7) &* gather) >> 56) << 8)
    }

    /// The character classes of eight bytes, each 0x80 in the bytes of the class.
    private struct ByteMasks {
        /// Bytes that are not printable ASCII (0x21...0x7E): those that end a short word.
        var end: UInt64
        /// `string.punctuation` among the printable bytes.
        var punctuation: UInt64
        var letter: UInt64
        var upper: UInt64

        @inline(__always)
        init(_ bytes: UInt64) {
            let highBits: UInt64 = 0x8080_8080_8080_8080
            let ones: UInt64 = 0x0101_0101_0101_0101
            let low7 = bytes & ~highBits
            // 0x80 in each byte whose low seven bits are at least `bound` (1...0x7F): the sums never carry.
            @inline(__always) func atLeast(_ value: UInt64, _ bound: UInt64) -> UInt64 {
                (value &+ (0x80 - bound) &* ones) & highBits
            }
            end = (bytes | ~atLeast(low7, 0x21) | atLeast(low7, 0x7F)) & highBits
            let folded = low7 | 0x2020_2020_2020_2020  // letters lower-cased (and some others moved)
            letter = atLeast(folded, 0x61) & ~atLeast(folded, 0x7B)
            let digit = atLeast(low7, 0x30) & ~atLeast(low7, 0x3A)
            punctuation = ~(letter | digit) & highBits
            upper = letter & ~(bytes << 2)
        }
    }

    /// 0x80 in each byte of `bytes` that is an apostrophe.
    @inline(__always)
    private static func apostrophes(_ bytes: UInt64) -> UInt64 {
        zeroBytes(bytes ^ 0x2727_2727_2727_2727)
    }

    /// 0x80 in each zero byte of `word`, 0 in the others (exact: no borrow reaches another byte).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~((word & low7) &+ low7 | word | low7)
    }
}
