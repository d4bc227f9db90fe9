import Glibc

extension JSONByteWriter {
    /// Most bytes `asciiHashtags(of:)` writes for a text of `count` bytes: every tag needs a `#`
    /// and a letter, and costs its body plus two quotes and a comma.
    static func maxHashtagBytes(_ count: Int) -> Int { 3 * count }

    /// Writes the hashtags of `text` as JSON strings separated by commas (without the
    /// brackets): the same tags, in the same order, as `HashtagExtractor.extract(from:)` finds,
    /// computed on the bytes without allocating, as long as every tag is ASCII. For ASCII, tag
    /// characters are `[A-Za-z0-9_]`, white space is space and tab through carriage return, and
    /// lower-casing is the ASCII one; a non-ASCII character next to a tag or on the way back to
    /// the start of its word is classified with the same Unicode properties the extractor uses.
    /// Returns false (having written an unspecified part) when a tag goes on with a non-ASCII
    /// tag character: then the caller must use the extractor (Unicode lower-casing).
    mutating func asciiHashtags(of text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress, memchr(base, 0x23, text.count) != nil else { return true }
        // The tags written so far, `"a","b"`, are what a new tag is compared with (no side table).
        let tagsStart = cursor
        var searchFrom = 0
        var previousHash = -1
        var previousHashInURL = false
        while searchFrom < text.count, let found = memchr(base + searchFrom, 0x23, text.count - searchFrom) {
            let hash = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            searchFrom = hash + 1
            let inURL = Self.isInsideURL(text, hash: hash, previousHash: previousHash, previousInURL: previousHashInURL)
            previousHash = hash
            previousHashInURL = inURL
            if inURL { continue }
            if hash > 0 {
                let previous = text[hash - 1]
                if previous >= 0x80 {
                    if Self.isTagScalar(Self.scalar(endingAt: hash, in: text).scalar) { continue }
                } else if Self.isTagByte(previous) || previous == 0x23 || previous == 0x26 {
                    continue
                }
            }
            var bodyEnd = hash + 1
            var hasLetter = false
            while bodyEnd < text.count && Self.isTagByte(text[bodyEnd]) {
                if (text[bodyEnd] | 0x20) &- 0x61 < 26 { hasLetter = true }
                bodyEnd += 1
            }
            if bodyEnd < text.count && text[bodyEnd] >= 0x80 && Self.isTagScalar(Self.scalar(at: bodyEnd, in: text)) {
                return false  // the tag goes on with a non-ASCII letter, digit or mark
            }
            searchFrom = max(searchFrom, bodyEnd)
            guard hasLetter else { continue }
            // Write the lower-cased tag, then take it back if an earlier tag is the same.
            let isFirst = cursor == tagsStart
            let start = cursor + (isFirst ? 1 : 2)
            let length = bodyEnd - hash - 1
            for offset in 0..<length {
                let byte = text[hash + 1 + offset]
                start[offset] = byte &- 0x41 < 26 ? byte | 0x20 : byte
            }
            if Self.contains(start, length: length, amongTagsFrom: tagsStart, to: cursor) { continue }
            if !isFirst { byte(UInt8(ascii: ",")) }
            byte(UInt8(ascii: "\""))
            advance(by: length)
            byte(UInt8(ascii: "\""))
        }
        return true
    }

    /// True when the `length` bytes at `tag` equal one of the quoted, comma-separated tags
    /// written from `start` to `end` (tags hold no quotes, so each ends at the next one).
    private static func contains(
        _ tag: UnsafeMutablePointer<UInt8>, length: Int, amongTagsFrom start: UnsafeMutablePointer<UInt8>,
        to end: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        var body = start + 1
        while body < end {
            var closing = body
            while closing.pointee != UInt8(ascii: "\"") { closing += 1 }
            if body.distance(to: closing) == length && memcmp(body, tag, length) == 0 { return true }
            body = closing + 3  // past `","`
        }
        return false
    }

    /// `[A-Za-z0-9_]`.
    @inline(__always)
    private static func isTagByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x5F
    }

    /// Space, tab, line feed, vertical tab, form feed, carriage return.
    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte &- 0x09 < 5
    }

    /// True when the whitespace-delimited word holding byte `hash` is a URL; looks back only
    /// to the previous `#`, whose word (and answer) it shares when no white space lies between.
    private static func isInsideURL(_ text: UnsafeBufferPointer<UInt8>, hash: Int, previousHash: Int, previousInURL: Bool) -> Bool {
        var position = hash
        while position > 0 && position > previousHash + 1 {
            let byte = text[position - 1]
            if byte >= 0x80 {
                let (scalar, start) = scalar(endingAt: position, in: text)
                if scalar.properties.isWhitespace { return startsURL(text, at: position) }
                position = start
                continue
            }
            if isWhitespace(byte) { return startsURL(text, at: position) }
            position -= 1
        }
        if previousHash >= 0 && position == previousHash + 1 { return previousInURL }
        return startsURL(text, at: 0)
    }

    /// True when the word at `index` starts with `www.` or with `scheme://` (scheme of ASCII
    /// letters, digits, `+`, `-`, `.`).
    private static func startsURL(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        if text.count - index >= 4, text[index] | 0x20 == 0x77, text[index + 1] | 0x20 == 0x77,
            text[index + 2] | 0x20 == 0x77, text[index + 3] == 0x2E
        {
            return true
        }
        var position = index
        while position < text.count {
            let byte = text[position]
            guard (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x2B || byte == 0x2D || byte == 0x2E else { break }
            position += 1
        }
        return position > index && text.count - position >= 3 && text[position] == 0x3A
            && text[position + 1] == 0x2F && text[position + 2] == 0x2F
    }

    /// A tag character as the extractor defines it: `_`, a letter (L*), a numeral (any numeric
    /// type) or a combining mark (M*).
    private static func isTagScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return isTagByte(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        case .nonspacingMark, .spacingMark, .enclosingMark: return scalar.value >= 0x300
        default: return scalar.properties.numericType != nil
        }
    }

    /// The scalar starting at `index` of the valid UTF-8 `text`.
    private static func scalar(at index: Int, in text: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
        let lead = text[index]
        if lead < 0x80 { return Unicode.Scalar(lead) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (0x7F >> UInt32(length))
        for offset in 1..<length where index + offset < text.count { value = value << 6 | UInt32(text[index + offset] & 0x3F) }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// The scalar that ends just before byte `end`, and where it starts.
    private static func scalar(endingAt end: Int, in text: UnsafeBufferPointer<UInt8>) -> (scalar: Unicode.Scalar, start: Int) {
        var start = end - 1
        while start > 0 && text[start] & 0xC0 == 0x80 { start -= 1 }
        return (scalar(at: start, in: text), start)
    }
}
