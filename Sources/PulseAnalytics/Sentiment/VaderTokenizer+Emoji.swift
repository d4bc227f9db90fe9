extension VaderTokenizer {
    /// Calls `body` with the text in which every code point of the emoji lexicon is replaced by
    /// its description (a space is put before it unless the previous character was a space),
    /// built in temporary memory; or with `text` itself when it has no such code point.
    func withEmojiExpanded<Result>(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let emoji = lexicon.emoji
        guard let first = Self.firstEmoji(in: text, from: 0, emoji) else { return body(text) }
        // The exact room: each emoji turns into at most a space and its description.
        var capacity = text.count
        var next: Int? = first
        while let index = next {
            let (scalar, length) = UTF8Decoding.scalar(in: text, at: index)
            capacity += 1 + emoji.description(of: scalar).count - length
            next = Self.firstEmoji(in: text, from: index + length, emoji)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(capacity, 1)) { buffer in
            let output = buffer.baseAddress!
            let source = text.baseAddress!
            var written = 0
            var copiedUpTo = 0
            var previousWasSpace = true
            next = first
            while let index = next {
                let (scalar, length) = UTF8Decoding.scalar(in: text, at: index)
                (output + written).update(from: source + copiedUpTo, count: index - copiedUpTo)
                written += index - copiedUpTo
                if index > copiedUpTo { previousWasSpace = text[index - 1] == 0x20 }
                if !previousWasSpace {
                    output[written] = 0x20
                    written += 1
                }
                let description = emoji.description(of: scalar)
                emoji.descriptionBytes.withUnsafeBufferPointer { bytes in
                    (output + written).update(from: bytes.baseAddress! + description.lowerBound, count: description.count)
                }
                written += description.count
                previousWasSpace = false
                copiedUpTo = index + length
                next = Self.firstEmoji(in: text, from: copiedUpTo, emoji)
            }
            (output + written).update(from: source + copiedUpTo, count: text.count - copiedUpTo)
            written += text.count - copiedUpTo
            return body(UnsafeBufferPointer(start: output, count: written))
        }
    }

    /// Where the first code point of the emoji lexicon at or after `start` begins, if any.
    @inline(__always)
    private static func firstEmoji(in text: UnsafeBufferPointer<UInt8>, from start: Int, _ emoji: EmojiTable) -> Int? {
        guard start < text.count else { return nil }
        var index = UTF8Decoding.firstNonASCII(in: text, from: start)
        while index < text.count {
            if text[index] < 0x80 {  // skip ASCII eight bytes at a time
                index = UTF8Decoding.firstNonASCII(in: text, from: index)
                continue
            }
            guard text[index] >= 0xC2 else { index += 1; continue }
            let (scalar, length) = UTF8Decoding.scalar(in: text, at: index)
            if emoji.contains(scalar) { return index }
            index += length
        }
        return nil
    }
}
