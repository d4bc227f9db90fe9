import Testing
@testable import PulseAnalytics

@Suite struct WordTermsTests {
    @Test func tokenisingDropsStopwordsUrlsMentionsTagsNumbersAndShortWords() {
        let text = "The NEW model isn't bad @openai_team #AI https://x.com/read-this 2024 covid19 3pm ok go Straße café café’s"
        #expect(WordTerms.terms(of: text) == ["new", "model", "bad", "straße", "café", "café's"])
    }

    @Test func topTermsCarryDecayedMeanSentiment() throws {
        var words = WordTerms(capacity: 100, halfLife: 60)
        words.add(text: "great pizza", compound: 0.8, at: 0)
        words.add(text: "awful pizza", compound: -0.4, at: 60)
        let top = words.top(3, at: 60)
        #expect(top.first?.term == "pizza")
        let pizza = try #require(top.first)
        #expect(abs(pizza.count - 1.5) < 1e-12)
        // Decayed mean: (0.8·0.5 − 0.4) / 1.5
        #expect(abs(try #require(pizza.sentiment) - (0.4 - 0.4) / 1.5) < 1e-12)
    }

    @Test func memoryIsBounded() {
        var words = WordTerms(capacity: 50, halfLife: 3_600)
        for index in 0..<5_000 { words.add(text: "word\(index)x unique\(String(index, radix: 26))", compound: 0, at: 0) }
        #expect(words.trackedCount == 50)
    }
}
