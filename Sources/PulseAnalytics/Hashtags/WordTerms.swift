/// Word-cloud terms: the decayed most frequent words of post text, each with its decayed mean
/// sentiment (for colouring), in bounded memory (Space-Saving via `DecayedTopK`). A value type
/// owned by one caller (the store actor); time is passed in.
///
/// Tokenising: words are runs of Unicode letters and combining marks, with an apostrophe
/// (`'` or `’`) allowed between letters; they are lower-cased; URLs (`scheme://…`, `www.…`),
/// @mentions and hashtags are skipped whole; words glued to digits (`covid19`, `3pm`) and
/// numbers are never terms; words of
/// fewer than 3 characters and English stopwords are dropped. Each term counts once per post.
public struct WordTerms: Sendable, Codable {
    /// One term at a given time.
    public struct Term: Sendable, Codable, Equatable {
        public var term: String
        /// Decayed number of posts using it (upper bound under Space-Saving).
        public var count: Double
        /// Decayed mean VADER compound of those posts, nil before any.
        public var sentiment: Double?
    }

    private var terms: DecayedTopK<String>

    /// - Parameters:
    ///   - capacity: terms kept.
    ///   - halfLife: decay of counts and sentiment, in seconds.
    public init(capacity: Int = 10_000, halfLife: Double = 3_600) {
        terms = DecayedTopK(capacity: capacity, halfLives: SIMD4(halfLife, halfLife, .infinity, .infinity),
                            inheritedChannels: SIMD4(1, 0, 0, 0))
    }

    /// Number of distinct terms held.
    public var trackedCount: Int { terms.count }

    /// Counts the terms of one post's text with its sentiment compound.
    public mutating func add(text: String, compound: Double, at now: Double) {
        add(terms: Self.terms(of: text), compound: compound, at: now)
    }

    /// Counts one post's terms, already computed by `terms(of:)` (off the store actor).
    public mutating func add(terms postTerms: [String], compound: Double, at now: Double) {
        let weights = SIMD4<Double>(1, compound.isFinite ? compound : 0, 0, 0)
        for term in postTerms { terms.add(term, weights: weights, at: now) }
    }

    /// The `n` terms with the largest decayed count.
    public func top(_ n: Int, at now: Double) -> [Term] {
        terms.top(n, at: now) { $0.count }.map { item in
            let entry = item.entry
            let guaranteed = entry.count - entry.error
            return Term(term: entry.key, count: entry.count,
                        sentiment: guaranteed > 1e-12 ? entry.channels[1] / guaranteed : nil)
        }
    }

    /// The distinct terms of `text`, in order of first appearance, by the rules above.
    public static func terms(of text: String) -> [String] {
        text.withUTF8Bytes { bytes in
            var result: [String] = []
            var index = 0
            var atWordStart = true
            var skipping = false  // inside an @mention or hashtag
            var afterDigit = false
            while index < bytes.count {
                if atWordStart && UTF8Scanner.startsURL(bytes, at: index) {
                    index = UTF8Scanner.endOfWord(bytes, from: index)
                    atWordStart = false
                    continue
                }
                let (scalar, length) = UTF8Scanner.scalar(in: bytes, at: index)
                atWordStart = UTF8Scanner.isWhitespace(scalar)
                if scalar == "@" || scalar == "#" {
                    skipping = true
                    index += length
                    continue
                }
                guard UTF8Scanner.isLetter(scalar) else {
                    if !(HashtagExtractor.isTagCharacter(scalar)) { skipping = false }
                    afterDigit = UTF8Scanner.isNumeric(scalar)
                    index += length
                    continue
                }
                let gluedBefore = afterDigit
                let start = index
                var end = index
                var letters = 0
                while end < bytes.count {
                    let (next, nextLength) = UTF8Scanner.scalar(in: bytes, at: end)
                    if UTF8Scanner.isLetter(next) { letters += 1; end += nextLength; continue }
                    if UTF8Scanner.isMark(next) && letters > 0 { end += nextLength; continue }
                    if (next == "'" || next == "\u{2019}") && end + nextLength < bytes.count {
                        let (after, _) = UTF8Scanner.scalar(in: bytes, at: end + nextLength)
                        if UTF8Scanner.isLetter(after) { end += nextLength; continue }
                    }
                    break
                }
                index = end
                if skipping || gluedBefore { continue }
                if end < bytes.count, UTF8Scanner.isNumeric(UTF8Scanner.scalar(in: bytes, at: end).0) { continue }
                guard letters >= 3 else { continue }
                var term = UTF8Scanner.lowercasedString(bytes, start..<end)
                // (a scalar test: String.contains(String) would go through Foundation's slow search)
                if term.unicodeScalars.contains("\u{2019}") { term = String(term.map { $0 == "\u{2019}" ? "'" : $0 }) }
                if !EnglishStopwords.all.contains(term) && !result.contains(term) { result.append(term) }
            }
            return result
        }
    }
}
