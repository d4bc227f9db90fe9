/// VADER's word lexicon and emoji lexicon, parsed from the text of `vader_lexicon.txt` and
/// `emoji_utf8_lexicon.txt` (as vaderSentiment 3.3.2 parses them) together with the rule
/// words, arranged for fast lookup of lower-cased UTF-8 words.
///
/// Immutable after `init`: build it once and share it read-only between any threads (its raw
/// tables are only ever read, hence the unchecked `Sendable`).
public final class VaderLexicon: @unchecked Sendable {
    /// What the rules need to know about one word (indexed by word id; id 0 is "unknown").
    struct WordInfo: Sendable {
        /// The lexicon valence; meaningful only when `flags` has `inLexicon`.
        var valence = 0.0
        /// +0.293 for a booster, -0.293 for a dampener, 0 otherwise.
        var booster = 0.0
        var flags: UInt8 = 0
        static let inLexicon: UInt8 = 1
        static let booster: UInt8 = 8
        static let negation: UInt8 = 2
        static let phraseWord: UInt8 = 4
    }

    /// A special-case idiom of two or three words, as word ids (`third` is 0 for two words),
    /// with the valence it sets. Plain values, so that matching retains nothing.
    struct Phrase: Sendable {
        var first: Int32, second: Int32, third: Int32
        var length: Int
        var valence: Double
    }

    /// Ids of the single words the rules compare against.
    struct RuleWordIDs: Sendable {
        var no: Int32 = 0, but: Int32 = 0, kind: Int32 = 0, of: Int32 = 0, least: Int32 = 0
        var at: Int32 = 0, very: Int32 = 0, never: Int32 = 0, so: Int32 = 0, this: Int32 = 0
        var without: Int32 = 0, doubt: Int32 = 0, or: Int32 = 0, nor: Int32 = 0
    }

    /// Everything scoring reads, in memory of the lexicon's own (freed in `deinit`); behind one
    /// pointer so that scoring passes it around in a register.
    let tables: UnsafePointer<VaderTables>

    /// Number of distinct words in the word lexicon.
    public let lexiconWordCount: Int
    /// Number of emoji entries (single code points and longer sequences, as in the file).
    public let emojiCount: Int

    /// Parses both lexicons from their file contents.
    /// - Throws: `VaderLexiconError` naming the file, line and problem of a malformed line.
    public init(lexiconText: String, emojiText: String) throws {
        var table = WordTable(expectedCount: 8_192)
        var info = [WordInfo()]
        func id(of word: UnsafeBufferPointer<UInt8>) -> Int32 {
            let id = table.insert(word)
            if Int(id) == info.count { info.append(WordInfo()) }
            return id
        }
        func id(of word: String) -> Int32 {
            var word = word
            return word.withUTF8 { id(of: $0) }
        }

        var hasNonASCIIKeys = false
        try PythonText.forEachLine(in: lexiconText) { number, isEmpty, word, measure in
            if isEmpty { return }
            guard let measure else {
                throw VaderLexiconError(file: "lexicon", line: number, message: "expected word<TAB>valence")
            }
            guard let valence = DecimalParsing.parse(measure) else {
                let measureText = String(decoding: measure, as: UTF8.self)
                throw VaderLexiconError(file: "lexicon", line: number, message: "valence '\(measureText)' is not a number")
            }
            let wordID = Int(id(of: word))
            info[wordID].valence = valence  // a repeated word keeps its last valence, as in a Python dict
            info[wordID].flags |= WordInfo.inLexicon
            if UTF8Decoding.firstNonASCII(in: word) < word.count {
                let text = String(decoding: word, as: UTF8.self)
                if text.lowercased() == text { hasNonASCIIKeys = true }
            }
        }
        let lexiconWordCount = info.reduce(0) { $0 + ($1.flags & WordInfo.inLexicon != 0 ? 1 : 0) }
        for (words, increment) in [(VaderRules.boosters, VaderRules.boosterIncrement), (VaderRules.dampeners, -VaderRules.boosterIncrement)] {
            for word in words {
                let wordID = Int(id(of: word))
                info[wordID].booster = increment
                info[wordID].flags |= WordInfo.booster
            }
        }
        for word in VaderRules.negations { info[Int(id(of: word))].flags |= WordInfo.negation }

        var phrases: [Phrase] = []
        for (phraseWords, valence) in VaderRules.specialCases {
            let ids = phraseWords.map { id(of: $0) }
            for wordID in ids { info[Int(wordID)].flags |= WordInfo.phraseWord }
            precondition((2...3).contains(ids.count), "special cases are two or three words")
            phrases.append(Phrase(first: ids[0], second: ids[1], third: ids.count == 3 ? ids[2] : 0, length: ids.count, valence: valence))
        }
        var bigrams: [(Int32, Int32)] = []
        for (first, second) in VaderRules.dampenerBigrams {
            let pair = (id(of: first), id(of: second))
            info[Int(pair.0)].flags |= WordInfo.phraseWord
            info[Int(pair.1)].flags |= WordInfo.phraseWord
            bigrams.append(pair)
        }
        var rules = RuleWordIDs()
        let ruleKeyPaths: [(String, WritableKeyPath<RuleWordIDs, Int32>)] = [
            ("no", \.no), ("but", \.but), ("kind", \.kind), ("of", \.of), ("least", \.least),
            ("at", \.at), ("very", \.very), ("never", \.never), ("so", \.so), ("this", \.this),
            ("without", \.without), ("doubt", \.doubt), ("or", \.or), ("nor", \.nor),
        ]
        for (word, keyPath) in ruleKeyPaths { rules[keyPath: keyPath] = id(of: word) }

        table.setFlags(info.map(\.flags))
        let emoji = try EmojiTable(text: emojiText)
        // True when some lexicon key that a lower-cased word could equal has a non-ASCII byte;
        // then words with non-ASCII letters must be looked up too (false for the shipped lexicon).
        let tables = UnsafeMutablePointer<VaderTables>.allocate(capacity: 1)
        tables.initialize(to: VaderTables(
            words: table, info: info, emoji: emoji, phrases: phrases, dampenerBigrams: bigrams, ruleWords: rules,
            hasNonASCIIKeys: hasNonASCIIKeys))
        self.tables = UnsafePointer(tables)
        self.lexiconWordCount = lexiconWordCount
        self.emojiCount = emoji.entryCount
    }

    deinit {
        tables.pointee.deallocate()
        UnsafeMutablePointer(mutating: tables).deinitialize(count: 1).deallocate()
    }
}

/// A malformed line in a lexicon file.
public struct VaderLexiconError: Error, CustomStringConvertible {
    /// "lexicon" or "emoji lexicon".
    public let file: String
    /// 1-based line number.
    public let line: Int
    public let message: String
    public var description: String { "\(file) line \(line): \(message)" }
}
