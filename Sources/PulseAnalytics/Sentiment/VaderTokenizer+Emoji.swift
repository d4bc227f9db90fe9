extension VaderTokenizer {
    /// An emoji found in a text: where its code point lies and its description's byte range in
    /// `EmojiTable.descriptionBytes`.
    private struct FoundEmoji {
        var index: Int
        var length: Int
        var description: Range<Int>
    }

    /// How many emoji the first scan of a text remembers (in 1 KiB of stack); a text with more
    /// has the rest found again while it is copied.
    private static let rememberedEmoji = 32

    /// Calls `body` with the text in which every code point of the emoji lexicon is replaced by
    /// its description (a space is put before it unless the previous character was a space),
    /// built in temporary memory; or with `text` itself when it has no such code point.
    func withEmojiExpanded<Result>(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let emoji = tables.pointee.emoji
        guard let first = Self.nextEmoji(in: text, from: 0, emoji) else { return body(text) }
        return withUnsafeTemporaryAllocation(of: FoundEmoji.self, capacity: Self.rememberedEmoji) { remembered in
            // One scan finds the exact room (each emoji turns into at most a space and its
            // description) and remembers the first emoji.
            var rememberedCount = 0
            var capacity = text.count
            var next: FoundEmoji? = first
            while let found = next {
                capacity += 1 + found.description.count - found.length
                if rememberedCount < Self.rememberedEmoji {
                    remembered[rememberedCount] = found
                    rememberedCount += 1
                }
                next = Self.nextEmoji(in: text, from: found.index + found.length, emoji)
            }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(capacity, 1)) { buffer in
                let output = buffer.baseAddress!
                let source = text.baseAddress!
                var written = 0
                var copiedUpTo = 0
                var previousWasSpace = true
                var emojiNumber = 0
                let descriptions = emoji.descriptionBytes
                var next: FoundEmoji? = first
                while let found = next {
                    let index = found.index
                    (output + written).update(from: source + copiedUpTo, count: index - copiedUpTo)
                    written += index - copiedUpTo
                    if index > copiedUpTo { previousWasSpace = text[index - 1] == 0x20 }
                    if !previousWasSpace {
                        output[written] = 0x20
                        written += 1
                    }
                    (output + written).update(from: descriptions + found.description.lowerBound, count: found.description.count)
                    written += found.description.count
                    previousWasSpace = false
                    copiedUpTo = index + found.length
                    emojiNumber += 1
                    next = emojiNumber < rememberedCount ? remembered[emojiNumber]
                        : rememberedCount < Self.rememberedEmoji ? nil : Self.nextEmoji(in: text, from: copiedUpTo, emoji)
                }
                (output + written).update(from: source + copiedUpTo, count: text.count - copiedUpTo)
                written += text.count - copiedUpTo
                return body(UnsafeBufferPointer(start: output, count: written))
            }
        }
    }

    /// The first code point of the emoji lexicon at or after `start`, if any.
    @inline(__always)
    private static func nextEmoji(in text: UnsafeBufferPointer<UInt8>, from start: Int, _ emoji: EmojiTable.Lookup) -> FoundEmoji? {
        guard start < text.count else { return nil }
        var index = UTF8Decoding.firstNonASCII(in: text, from: start)
        while index < text.count {
            let lead = text[index]
            if lead < 0x80 {  // skip ASCII eight bytes at a time
                index = UTF8Decoding.firstNonASCII(in: text, from: index)
                continue
            }
            // Continuation bytes, and lead bytes no emoji starts with, are passed one by one.
            guard lead >= 0xC2, emoji.mayStartWith(lead) else { index += 1; continue }
            let (scalar, length) = UTF8Decoding.scalar(in: text, at: index)
            if emoji.contains(scalar) { return FoundEmoji(index: index, length: length, description: emoji.description(of: scalar)) }
            index += length
        }
        return nil
    }
}
