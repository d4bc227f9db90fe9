import Foundation

/// Finds the hashtags of a post the way a social platform shows them. Stateless; safe to use
/// from any thread.
///
/// Rules for tags found in text:
/// - A tag is `#` followed by a run of tag characters: Unicode letters, combining marks,
///   digits and numerals, and `_` (so `#café`, `#日本`, `#ai_2025` are tags).
/// - The run ends at the first other character, so trailing punctuation is dropped
///   (`#swift!` → `swift`, `#ai,` → `ai`).
/// - The `#` must start a word: it is ignored when the character before it is a tag
///   character, `#` or `&` (`a#b`, `##tag`, `&#39;`). A `#` followed by another `#` or by no tag
///   character is ignored (`#`, `##`, `# tag`).
/// - Nothing inside a URL counts: a whitespace-delimited word starting with `scheme://` or
///   `www.` is skipped whole (`https://x.com/a#frag`, `www.site.org/#top`).
/// - The tag must contain at least one letter: pure numbers (`#123`) and `#___` are ignored.
/// - Tags are case-folded with Unicode lower-casing (`#AI` and `#Ai` are `ai`) and returned
///   without `#`, each once per post, in order of first appearance. Only ASCII `#` starts a tag.
///
/// Explicit hashtags sent with a post win over extraction; each is normalised the same way:
/// surrounding white space and leading `#`s removed, lower-cased, trailing non-tag characters
/// dropped, and dropped altogether when it has no letter. Characters inside an explicit tag
/// are kept (the sender said what the tag is).
public enum HashtagExtractor {
    /// The hashtags of `post`: its explicit `hashtags` when given (normalised), else those in its text.
    public static func hashtags(of post: Post) -> [String] {
        if let explicit = post.hashtags { return normalised(explicit) }
        return extract(from: post.text)
    }

    /// Normalises explicitly given tags, dropping invalid ones and duplicates.
    public static func normalised(_ tags: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(tags.count)
        for tag in tags {
            if let clean = normalise(tag), !result.contains(clean) { result.append(clean) }
        }
        return result
    }

    /// One explicit tag normalised, or nil when nothing valid remains.
    public static func normalise(_ tag: String) -> String? {
        tag.withUTF8Bytes { bytes -> String? in
            var start = 0
            var end = bytes.count
            while start < end {
                let (scalar, length) = UTF8Scanner.scalar(in: bytes, at: start)
                guard scalar == "#" || UTF8Scanner.isWhitespace(scalar) else { break }
                start += length
            }
            // Drop trailing non-tag characters: find the end of the last tag character.
            var lastTagEnd = start
            var hasLetter = false
            var position = start
            while position < end {
                let (scalar, length) = UTF8Scanner.scalar(in: bytes, at: position)
                position += length
                if isTagCharacter(scalar) {
                    lastTagEnd = position
                    if UTF8Scanner.isLetter(scalar) { hasLetter = true }
                }
            }
            end = lastTagEnd
            guard hasLetter, start < end else { return nil }
            return UTF8Scanner.lowercasedString(bytes, start..<end)
        }
    }

    /// The hashtags found in `text`, following the rules above. Jumps from `#` to `#` (memchr),
    /// so text without tags costs little; each `#` looks back at its word once.
    public static func extract(from text: String) -> [String] {
        text.withUTF8Bytes { bytes in
            var tags: [String] = []
            guard let base = bytes.baseAddress else { return tags }
            var searchFrom = 0
            var previousHash = -1        // index of the last `#` looked at
            var previousHashInURL = false
            while searchFrom < bytes.count,
                  let found = memchr(base + searchFrom, 0x23, bytes.count - searchFrom) {
                let hash = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                searchFrom = hash + 1
                let inURL = isInsideURL(bytes, hash: hash, previousHash: previousHash, previousInURL: previousHashInURL)
                previousHash = hash
                previousHashInURL = inURL
                if inURL { continue }
                if hash > 0 {
                    let previous = scalar(before: hash, in: bytes)
                    if isTagCharacter(previous) || previous == "#" || previous == "&" { continue }
                }
                var bodyEnd = hash + 1
                var hasLetter = false
                while bodyEnd < bytes.count {
                    let (next, nextLength) = UTF8Scanner.scalar(in: bytes, at: bodyEnd)
                    guard isTagCharacter(next) else { break }
                    if !hasLetter && UTF8Scanner.isLetter(next) { hasLetter = true }
                    bodyEnd += nextLength
                }
                if hasLetter {
                    let tag = UTF8Scanner.lowercasedString(bytes, (hash + 1)..<bodyEnd)
                    if !tags.contains(tag) { tags.append(tag) }
                }
                searchFrom = max(searchFrom, bodyEnd)
            }
            return tags
        }
    }

    /// The scalar that ends just before byte `index`.
    private static func scalar(before index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
        var start = index - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return UTF8Scanner.scalar(in: bytes, at: start).0
    }

    /// True when the whitespace-delimited word holding byte `hash` is a URL. Looks back only to
    /// the previous `#`: if no white space lies between them, they share a word (and the answer).
    private static func isInsideURL(
        _ bytes: UnsafeBufferPointer<UInt8>, hash: Int, previousHash: Int, previousInURL: Bool
    ) -> Bool {
        var position = hash
        while position > 0 && position > previousHash + 1 {
            var start = position - 1
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            if UTF8Scanner.isWhitespace(UTF8Scanner.scalar(in: bytes, at: start).0) {
                return UTF8Scanner.startsURL(bytes, at: position)
            }
            position = start
        }
        if previousHash >= 0 && position == previousHash + 1 && position > 0 { return previousInURL }
        return UTF8Scanner.startsURL(bytes, at: 0)
    }

    /// Letters, marks, numerals and `_`.
    @inline(__always)
    static func isTagCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || UTF8Scanner.isLetter(scalar) || UTF8Scanner.isNumeric(scalar) || UTF8Scanner.isMark(scalar)
    }
}
