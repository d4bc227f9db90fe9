import Testing
@testable import PulseAnalytics

@Suite struct HashtagExtractorTests {
    @Test func unicodeLettersAndDigitsMakeTags() {
        #expect(HashtagExtractor.extract(from: "Lunch at #café in #日本 with #ai_2025") == ["café", "日本", "ai_2025"])
        #expect(HashtagExtractor.extract(from: "decomposed #cafe\u{301} stays whole") == ["cafe\u{301}"])
    }

    @Test func tagsAreCaseFolded() {
        #expect(HashtagExtractor.extract(from: "#AI #Ai #ai #ÜBER") == ["ai", "über"])
        // Python-style final sigma: a word-final capital sigma lowers to ς.
        #expect(HashtagExtractor.extract(from: "#ΚΌΣΜΟΣ #ΣΑΣ") == ["κόσμος", "σας"])
    }

    @Test func trailingPunctuationIsDropped() {
        #expect(HashtagExtractor.extract(from: "Loving #swift! and #rust, also (#go). #end…") == ["swift", "rust", "go", "end"])
    }

    @Test func loneAndDoubledHashesAreIgnored() {
        #expect(HashtagExtractor.extract(from: "# alone, ## double, ##twice, #") == [])
        #expect(HashtagExtractor.extract(from: "#ok##") == ["ok"])
    }

    @Test func hashInsideAWordIsNotATag() {
        #expect(HashtagExtractor.extract(from: "C#sharp a#b &#39; x_#y") == [])
    }

    @Test func urlFragmentsAreIgnored() {
        let text = "see https://x.com/a#frag and http://site.org/#top and www.example.com/#anchor then #real"
        #expect(HashtagExtractor.extract(from: text) == ["real"])
        #expect(HashtagExtractor.extract(from: "#a https://u.rl/#x#y #b\u{00A0}https://v.io/#z #c") == ["a", "b", "c"])
        #expect(HashtagExtractor.extract(from: "https://u.rl/#x") == [])
    }

    @Test func pureNumbersAreIgnored() {
        #expect(HashtagExtractor.extract(from: "#123 #1 #2024goals #___ #٣٤") == ["2024goals"])
    }

    @Test func eachTagOncePerPostInOrder() {
        #expect(HashtagExtractor.extract(from: "#b #a #B #a") == ["b", "a"])
    }

    @Test func explicitHashtagsWinAndAreNormalised() {
        let post = Post(text: "text has #other", hashtags: ["#AI", " MachineLearning ", "##Data!", "123", "#", "ai"])
        #expect(HashtagExtractor.hashtags(of: post) == ["ai", "machinelearning", "data"])
        #expect(HashtagExtractor.hashtags(of: Post(text: "only #text")) == ["text"])
        #expect(HashtagExtractor.hashtags(of: Post(text: "#ignored", hashtags: [])) == [])
    }
}
