/// The fixed word lists and constants of VADER's rules (vaderSentiment 3.3.2), as facts:
/// booster and dampener adverbs, negation words, special-case idioms and the empirically
/// derived weights. A namespace of immutable values, safe to share across threads.
enum VaderRules {
    /// Added to a valence by a booster word before it (subtracted by a dampener).
    static let boosterIncrement = 0.293
    /// Added for a word in ALL CAPS among words that are not.
    static let capsIncrement = 0.733
    /// Multiplies a valence that is negated.
    static let negationScalar = -0.74
    /// Weight of one exclamation mark (at most four count).
    static let exclamationWeight = 0.292
    /// Weight of one question mark when there are two or three.
    static let questionWeight = 0.18
    /// Weight of four or more question marks.
    static let manyQuestionsWeight = 0.96
    /// The `alpha` of the compound score's normalisation `x / sqrt(x * x + alpha)`.
    static let normalizationAlpha = 15.0

    /// Words that increase the intensity of the word they precede.
    static let boosters: [String] = [
        "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
        "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially",
        "exceptional", "exceptionally", "extreme", "extremely", "fabulously", "flipping",
        "flippin", "frackin", "fracking", "fricking", "frickin", "frigging", "friggin", "fully",
        "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
        "incredible", "incredibly", "intensely", "major", "majorly", "more", "most",
        "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
        "thoroughly", "total", "totally", "tremendous", "tremendously", "uber", "unbelievably",
        "unusually", "utter", "utterly", "very",
    ]

    /// Words that decrease the intensity of the word they precede.
    static let dampeners: [String] = [
        "almost", "barely", "hardly", "kinda", "kindof", "kind-of", "less", "little",
        "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely",
        "slight", "slightly", "somewhat", "sorta", "sortof", "sort-of",
    ]

    /// Two-word dampeners, recognised only by the idiom check three words before a lexicon word.
    static let dampenerBigrams: [(String, String)] = [("just", "enough"), ("kind", "of"), ("sort", "of")]

    /// Words that negate a valence up to three words after them.
    static let negations: [String] = [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    ]

    /// Multi-word phrases whose valence replaces the computed one. (The reference also lists
    /// the single word "badass", which its phrase check can never match, so it has no effect.)
    static let specialCases: [(words: [String], valence: Double)] = [
        (["the", "shit"], 3), (["the", "bomb"], 3), (["bad", "ass"], 1.5), (["bus", "stop"], 0),
        (["yeah", "right"], -2), (["kiss", "of", "death"], -1.5), (["to", "die", "for"], 3),
        (["beating", "heart"], 3.5),
    ]
}
