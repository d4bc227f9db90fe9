/// VADER sentiment (an exact port of vaderSentiment 3.3.2's `polarity_scores`): the same
/// lexicons, rules and rounding, working on UTF-8 bytes without per-word allocation.
///
/// A value type holding a shared read-only lexicon: build one at start-up and call it
/// from any number of threads at once.
public struct SentimentAnalyzer: Sendable {
    public let lexicon: VaderLexicon

    public init(lexicon: VaderLexicon) {
        self.lexicon = lexicon
    }

    /// The rounded scores of `text`.
    public func scores(_ text: String) -> SentimentScores {
        var text = text
        return text.withUTF8 { scores(utf8: $0) }
    }

    /// The rounded scores of the UTF-8 text in `bytes` (which must be valid UTF-8).
    public func scores(utf8 bytes: UnsafeBufferPointer<UInt8>) -> SentimentScores {
        // The lexicon stays alive through `self` for the whole call.
        let tables = lexicon.tables
        let tokenizer = VaderTokenizer(tables: tables)
        return tokenizer.withEmojiExpanded(bytes) { Self.score(expandedText: $0, tokenizer, tables) }
    }

    private static func score(
        expandedText text: UnsafeBufferPointer<UInt8>, _ tokenizer: VaderTokenizer, _ tables: UnsafePointer<VaderTables>
    ) -> SentimentScores {
        withUnsafeTemporaryAllocation(of: VaderToken.self, capacity: text.count / 2 + 1) { tokenBuffer in
            let tokens = tokenBuffer.baseAddress!
            let counts = tokenizer.tokenize(text, into: tokens)
            guard counts.tokens > 0 else { return .empty }
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: counts.tokens) { valenceBuffer in
                let rules = VaderRuleContext(tables: tables, tokens: tokens, count: counts.tokens, upperCount: counts.upperTokens)
                let valences = valenceBuffer.baseAddress!
                for index in 0..<counts.tokens {
                    // Only lexicon words get a valence; the rules look at the others only as context.
                    valences[index] = tokens[index].inLexicon ? rules.valence(at: index) : 0
                }
                withUnsafeTemporaryAllocation(of: Int.self, capacity: counts.tokens) {
                    rules.applyBut(to: valences, nonzero: $0.baseAddress!)
                }
                let emphasis = Self.punctuationEmphasis(exclamationMarks: counts.exclamationMarks, questionMarks: counts.questionMarks)
                return Self.summarize(valences, count: counts.tokens, emphasis: emphasis)
            }
        }
    }

    /// The weight of `!` (up to four) and of `?` (when two or more) in the whole text.
    static func punctuationEmphasis(exclamationMarks: Int, questionMarks: Int) -> Double {
        let exclamationWeight = Double(min(exclamationMarks, 4)) * VaderRules.exclamationWeight
        var questionWeight = 0.0
        if questionMarks > 1 {
            questionWeight = questionMarks <= 3 ? Double(questionMarks) * VaderRules.questionWeight : VaderRules.manyQuestionsWeight
        }
        return exclamationWeight + questionWeight
    }

    /// Turns the per-word valences into the four rounded scores, in the reference's order of
    /// floating-point operations.
    static func summarize(_ valences: UnsafeMutablePointer<Double>, count: Int, emphasis: Double) -> SentimentScores {
        var sum = 0.0
        var positive = 0.0
        var negative = 0.0
        var neutralCount = 0
        for index in 0..<count {
            let valence = valences[index]
            sum += valence
            // Selects, not branches (the signs follow no pattern). Adding +0.0 changes neither
            // sum: `positive` is never -0.0, and `negative` is +0.0 or below -1.
            positive += valence > 0 ? valence + 1 : 0
            negative += valence < 0 ? valence - 1 : 0
            neutralCount += valence == 0 ? 1 : 0
        }
        if sum > 0 { sum += emphasis } else if sum < 0 { sum -= emphasis }
        let compound = min(max(sum / (sum * sum + VaderRules.normalizationAlpha).squareRoot(), -1), 1)
        if positive > negative.magnitude {
            positive += emphasis
        } else if positive < negative.magnitude {
            negative -= emphasis
        }
        let total = positive + negative.magnitude + Double(neutralCount)
        return SentimentScores(
            neg: PythonRounding.round((negative / total).magnitude, digits: 3),
            neu: PythonRounding.round((Double(neutralCount) / total).magnitude, digits: 3),
            pos: PythonRounding.round((positive / total).magnitude, digits: 3),
            compound: PythonRounding.round(compound, digits: 4)
        )
    }
}
