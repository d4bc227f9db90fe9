/// Raw read-only views of a `VaderLexicon`'s tables for the scoring hot path, in memory the
/// lexicon allocates once and frees when it goes away, so a scoring call reads them without
/// retaining anything. A plain value owned by the lexicon: valid while the lexicon lives (a
/// `SentimentAnalyzer` holds it during every call) and safe to read from any thread.
struct VaderTables {
    let words: WordLookup
    /// Length in bytes of the longest lexicon word; longer words are not looked up.
    let maxKeyLength: Int
    /// Indexed by word id.
    let info: UnsafePointer<VaderLexicon.WordInfo>
    let emoji: EmojiTable.Lookup
    /// `VaderTokenizer.byteClasses`.
    let byteClasses: UnsafePointer<UInt8>
    let phrases: UnsafeBufferPointer<VaderLexicon.Phrase>
    let dampenerBigrams: UnsafeBufferPointer<(Int32, Int32)>
    let ruleWords: VaderLexicon.RuleWordIDs
    /// True when words with non-ASCII letters must be looked up too (see `VaderLexicon`).
    let hasNonASCIIKeys: Bool

    init(
        words: WordTable, info: [VaderLexicon.WordInfo], emoji: EmojiTable, phrases: [VaderLexicon.Phrase],
        dampenerBigrams: [(Int32, Int32)], ruleWords: VaderLexicon.RuleWordIDs, hasNonASCIIKeys: Bool
    ) {
        self.words = words.makeLookup()
        maxKeyLength = words.maxKeyLength
        self.info = RawCopy.of(info)
        self.emoji = emoji.makeLookup()
        byteClasses = RawCopy.of(VaderTokenizer.byteClasses)
        self.phrases = UnsafeBufferPointer(start: RawCopy.of(phrases), count: phrases.count)
        self.dampenerBigrams = UnsafeBufferPointer(start: RawCopy.of(dampenerBigrams), count: dampenerBigrams.count)
        self.ruleWords = ruleWords
        self.hasNonASCIIKeys = hasNonASCIIKeys
    }

    /// Frees every table; called once, by the lexicon going away.
    func deallocate() {
        words.deallocate()
        emoji.deallocate()
        for pointer in [UnsafeRawPointer(info), UnsafeRawPointer(byteClasses), UnsafeRawPointer(phrases.baseAddress!),
                        UnsafeRawPointer(dampenerBigrams.baseAddress!)] {
            UnsafeMutableRawPointer(mutating: pointer).deallocate()
        }
    }
}
