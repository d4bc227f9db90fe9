import Foundation
import PulseAnalytics
import Testing

/// Behaviour of the analyzer beyond the golden file: facts stated in REFERENCES.md, labels,
/// lexicon errors and sharing across threads.
@Suite struct SentimentAnalyzerTests {
    let analyzer = VaderTestSupport.analyzer

    @Test func emojiAreLookedUpOneCodePointAtATime() {
        // Heart + variation selector: "red heart" then "\u{FE0F}" glued to "heart".
        #expect(analyzer.scores("love it ❤️").compound == 0.6369)
        #expect(analyzer.scores("love it ❤").compound == 0.8555)
    }

    @Test func onlyTheASCIIApostropheNegates() {
        #expect(analyzer.scores("isn't good").compound == -0.3412)
        #expect(analyzer.scores("isn’t good").compound == 0.4404)
    }

    @Test func referenceExamples() {
        let scores = analyzer.scores("VADER is smart, handsome, and funny.")
        #expect(scores == SentimentScores(neg: 0, neu: 0.254, pos: 0.746, compound: 0.8316))
        #expect(analyzer.scores("The book was good.").compound == 0.4404)
        #expect(analyzer.scores("At least it isn't a horrible book.").compound == 0.431)
        #expect(analyzer.scores("Today SUX!").compound == -0.5461)
    }

    @Test func emptyAndWhitespaceTextsHaveNoScore() {
        for text in ["", " ", "\t\n", "\u{00A0}\u{3000}"] {
            #expect(analyzer.scores(text) == .empty)
            #expect(analyzer.scores(text).label == .neutral)
        }
    }

    @Test func labelThresholdsAreStrict() {
        #expect(SentimentLabel(compound: 0.05) == .neutral)
        #expect(SentimentLabel(compound: 0.0501) == .positive)
        #expect(SentimentLabel(compound: -0.05) == .neutral)
        #expect(SentimentLabel(compound: -0.0501) == .negative)
        #expect(analyzer.scores("I love this").label == .positive)
        #expect(analyzer.scores("I hate this").label == .negative)
        #expect(analyzer.scores("the table").label == .neutral)
    }

    @Test func malformedLexiconLinesAreReportedWithTheirLineNumber() {
        #expect(throws: VaderLexiconError.self) { try VaderLexicon(lexiconText: "good\t1.9\nbad\n", emojiText: "") }
        do {
            _ = try VaderLexicon(lexiconText: "good\t1.9\t0.5\t[]\nbad\tnot-a-number\n", emojiText: "😀\tgrinning face\n")
            Issue.record("expected an error")
        } catch let error as VaderLexiconError {
            #expect(error.file == "lexicon" && error.line == 2)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func aSmallLexiconAppliesTheRules() throws {
        let lexicon = try VaderLexicon(lexiconText: "good\t2.0\t0\t[]\n", emojiText: "😀\tgood face\n")
        let small = SentimentAnalyzer(lexicon: lexicon)
        #expect(lexicon.lexiconWordCount == 1 && lexicon.emojiCount == 1)
        let good = small.scores("good")
        let notGood = small.scores("not good")
        #expect(good.compound == PythonRounding.round(2.0 / (4.0 + 15).squareRoot(), digits: 4))
        #expect(notGood.compound == PythonRounding.round(-1.48 / (1.48 * 1.48 + 15).squareRoot(), digits: 4))
        #expect(small.scores("😀").compound == good.compound)
    }

    @Test func nonASCIILexiconKeysAreFoundThroughUnicodeLowerCasing() throws {
        let small = SentimentAnalyzer(lexicon: try VaderLexicon(lexiconText: "café\t2.0\t0\t[]\n", emojiText: "☕\thot beverage\n"))
        let expected = PythonRounding.round(2.0 / (4.0 + 15).squareRoot(), digits: 4)
        #expect(small.scores("café").compound == expected)
        #expect(small.scores("CAFÉ!").compound == small.scores("café!").compound)
        #expect(small.scores("cafe").compound == 0)
    }

    @Test func sharedAnalyzerGivesTheSameScoresOnManyThreads() async throws {
        let records = try VaderGoldenTests.loadGolden().prefix(4_000).map(\.text)
        let shared = analyzer
        let expected = records.map { shared.scores($0) }
        let results = await withTaskGroup(of: (Int, [SentimentScores]).self) { group in
            for worker in 0..<8 {
                group.addTask { (worker, records.map { shared.scores($0) }) }
            }
            var all: [[SentimentScores]] = []
            for await (_, scores) in group { all.append(scores) }
            return all
        }
        #expect(results.count == 8)
        for scores in results { #expect(scores == expected) }
    }
}
