/// The per-word rules of vaderSentiment 3.3.2 applied to one tokenized text: lexicon
/// valence, "no", ALL-CAPS differential, boosters and dampeners up to three words back,
/// negation (with "never so/this" and "without doubt"), special-case idioms, "least", and
/// finally the contrastive "but". Owned by one scoring call.
struct VaderRuleContext {
    private typealias WordInfo = VaderLexicon.WordInfo
    private let tables: UnsafePointer<VaderTables>
    private let info: UnsafePointer<WordInfo>
    private let words: VaderLexicon.RuleWordIDs
    private let tokens: UnsafeMutablePointer<VaderToken>
    private let count: Int
    /// Some but not all words are ALL CAPS.
    private let capsDiffer: Bool

    /// The rules for the `count` tokens at `tokens`, of which `upperCount` are ALL CAPS.
    init(tables: UnsafePointer<VaderTables>, tokens: UnsafeMutablePointer<VaderToken>, count: Int, upperCount: Int) {
        self.tables = tables
        info = tables.pointee.info
        words = tables.pointee.ruleWords
        self.tokens = tokens
        self.count = count
        capsDiffer = upperCount > 0 && upperCount < count
    }

    @inline(__always) private func id(_ index: Int) -> Int32 { tokens[index].id }
    @inline(__always) private func inLexicon(_ index: Int) -> Bool { tokens[index].inLexicon }

    /// The valence of the word at `index` after every per-word rule.
    func valence(at index: Int) -> Double {
        let token = tokens[index]
        if token.wordFlags & WordInfo.booster != 0 { return 0 }
        if index < count - 1 && token.id == words.kind && id(index + 1) == words.of { return 0 }
        guard token.inLexicon else { return 0 }
        let word = info[Int(token.id)]

        var valence = word.valence
        if token.id == words.no && index != count - 1 && inLexicon(index + 1) { valence = 0 }
        if (index > 0 && id(index - 1) == words.no) || (index > 1 && id(index - 2) == words.no)
            || (index > 2 && id(index - 3) == words.no && (id(index - 1) == words.or || id(index - 1) == words.nor))
        {
            valence = word.valence * VaderRules.negationScalar
        }
        if token.isUpper && capsDiffer {
            valence = valence > 0 ? valence + VaderRules.capsIncrement : valence - VaderRules.capsIncrement
        }
        for distance in 1...3 where index >= distance && !inLexicon(index - distance) {
            var scalar = boosterScalar(tokens[index - distance], valence: valence)
            if scalar != 0 && distance == 2 { scalar *= 0.95 }
            if scalar != 0 && distance == 3 { scalar *= 0.9 }
            valence = valence + scalar
            valence = negated(valence, distance: distance, index: index)
            if distance == 3 { valence = idioms(valence, index: index) }
        }
        return least(valence, index: index)
    }

    /// What a booster or dampener word adds to the following `valence`.
    @inline(__always)
    private func boosterScalar(_ token: VaderToken, valence: Double) -> Double {
        guard token.wordFlags & WordInfo.booster != 0 else { return 0 }
        var scalar = info[Int(token.id)].booster
        if valence < 0 { scalar = -scalar }
        if token.isUpper && capsDiffer {
            scalar = valence > 0 ? scalar + VaderRules.capsIncrement : scalar - VaderRules.capsIncrement
        }
        return scalar
    }

    /// The negation rule for the word `distance` (1...3) places before `index`.
    private func negated(_ valence: Double, distance: Int, index: Int) -> Double {
        let back1 = id(index - 1)
        switch distance {
        case 1:
            return tokens[index - 1].isNegated ? valence * VaderRules.negationScalar : valence
        case 2:
            let back2 = id(index - 2)
            if back2 == words.never && (back1 == words.so || back1 == words.this) { return valence * 1.25 }
            if back2 == words.without && back1 == words.doubt { return valence }
            return tokens[index - 2].isNegated ? valence * VaderRules.negationScalar : valence
        default:
            let back2 = id(index - 2)
            let back3 = id(index - 3)
            // As in the reference, "so"/"this" just before the word amplifies it on its own.
            if (back3 == words.never && (back2 == words.so || back2 == words.this))
                || (back1 == words.so || back1 == words.this)
            {
                return valence * 1.25
            }
            if back3 == words.without && (back2 == words.doubt || back1 == words.doubt) { return valence }
            return tokens[index - 3].isNegated ? valence * VaderRules.negationScalar : valence
        }
    }

    /// Special-case idioms around `index` (which is at least 3) and the two-word dampeners
    /// ("kind of", "sort of", "just enough") among the three words before it.
    private func idioms(_ valence: Double, index: Int) -> Double {
        var valence = valence
        // Phrases ending at or just before the word, the first match wins; then phrases
        // starting at the word, the last match wins.
        if let special = specialCase(start: index - 1, length: 2) ?? specialCase(start: index - 2, length: 3)
            ?? specialCase(start: index - 2, length: 2) ?? specialCase(start: index - 3, length: 3)
            ?? specialCase(start: index - 3, length: 2)
        {
            valence = special
        }
        if count - 1 > index, let special = specialCase(start: index, length: 2) { valence = special }
        if count - 1 > index + 1, let special = specialCase(start: index, length: 3) { valence = special }
        if isDampenerBigram(at: index - 3) { valence = valence - VaderRules.boosterIncrement }
        if isDampenerBigram(at: index - 2) { valence = valence - VaderRules.boosterIncrement }
        return valence
    }

    /// The valence of the special-case phrase made of the `length` words from `start`, if any.
    @inline(__always)
    private func specialCase(start: Int, length: Int) -> Double? {
        for offset in 0..<length where tokens[start + offset].wordFlags & WordInfo.phraseWord == 0 { return nil }
        for phrase in tables.pointee.phrases where phrase.length == length && phrase.first == id(start)
            && phrase.second == id(start + 1) && (length == 2 || phrase.third == id(start + 2))
        {
            return phrase.valence
        }
        return nil
    }

    /// True when the two words from `start` are "kind of", "sort of" or "just enough".
    @inline(__always)
    private func isDampenerBigram(at start: Int) -> Bool {
        let first = id(start)
        let second = id(start + 1)
        for (bigramFirst, bigramSecond) in tables.pointee.dampenerBigrams where bigramFirst == first && bigramSecond == second {
            return true
        }
        return false
    }

    /// "least" before the word negates it, except in "at least" and "very least".
    private func least(_ valence: Double, index: Int) -> Double {
        guard index > 0 && id(index - 1) == words.least && !inLexicon(index - 1) else { return valence }
        if index > 1 {
            return id(index - 2) != words.at && id(index - 2) != words.very ? valence * VaderRules.negationScalar : valence
        }
        return valence * VaderRules.negationScalar
    }

    /// The "but" rule, including the reference's habit of updating the FIRST word whose
    /// current valence equals the one being visited (Python's `list.index`): words before
    /// the first "but" are halved, words after it weighted by 1.5. `nonzero` has room for
    /// `count` indices.
    func applyBut(to valences: UnsafeMutablePointer<Double>, nonzero: UnsafeMutablePointer<Int>) {
        var butIndex = -1
        for index in 0..<count where id(index) == words.but {
            butIndex = index
            break
        }
        guard butIndex >= 0 else { return }
        // A zero stays zero (and its sign changes no result), and a non-zero valence stays
        // non-zero, so the first equal valence is always among the non-zero ones seen so far.
        var nonzeroCount = 0
        for index in 0..<count {
            let valence = valences[index]
            if valence == 0 { continue }
            nonzero[nonzeroCount] = index
            nonzeroCount += 1
            var candidate = 0
            while valences[nonzero[candidate]] != valence { candidate += 1 }
            let first = nonzero[candidate]
            if first < butIndex {
                valences[first] = valence * 0.5
            } else if first > butIndex {
                valences[first] = valence * 1.5
            }
        }
    }
}
