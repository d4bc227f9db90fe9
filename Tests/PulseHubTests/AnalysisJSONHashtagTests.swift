import Foundation
import PulseAnalytics
import PulseHub
import Testing

/// The hashtags that `AnalysisJSON.appendAnalysis` writes (found on the bytes for ASCII texts)
/// are exactly those of `HashtagExtractor`, on the golden texts and on texts built to hit every rule.
@Suite struct AnalysisJSONHashtagTests {
    static let goldenFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden/vader/vader_golden.jsonl")

    /// The "hashtags" array of the analysis object of `text`.
    static func writtenTags(_ text: String) throws -> [String] {
        var text = text
        var out: [UInt8] = []
        text.withUTF8 { AnalysisJSON.appendAnalysis(text: $0, sentiment: .empty, to: &out) }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any])
        return try #require(object["hashtags"] as? [String])
    }

    @Test func rulesOfTheExtractorHoldOnASCIIText() throws {
        let cases: [(String, [String])] = [
            ("#AI and #ai and #Ai", ["ai"]), ("a#b #c", ["c"]), ("##tag", []), ("it&#39;s #ok", ["ok"]),
            ("#123 #_a #___ #1x", ["_a", "1x"]), ("https://x.com/a#frag #real", ["real"]),
            ("www.site.org/#top", []), ("see http://a.b/#x#y #z", ["z"]), ("#swift! #ai,", ["swift", "ai"]),
            ("x #tag#tag2", ["tag"]), ("#Tag\t#tag\n#TAG2", ["tag", "tag2"]), ("#a https://x#b #c", ["a", "c"]),
            ("#", []), ("# tag", []), ("ftp://h#a", []), ("a+b://x#t", []), ("", []), ("no tags", []),
            ("#a #b #a #c #b", ["a", "b", "c"]), ("WWW.x#y", []), ("wwwx#y #q", ["q"]),
            ("😀 #ok #café x#y é#z", ["ok", "café"]), ("http://é.x/#a\u{00A0}#b", ["b"]), ("#ÉTÉ #été", ["été"]),
            ("#a\u{0301}b", ["a\u{0301}b"]),
        ]
        for (text, expected) in cases {
            #expect(try Self.writtenTags(text) == expected, "\(text)")
            #expect(HashtagExtractor.extract(from: text) == expected, "\(text)")
        }
    }

    @Test func randomTextsAgreeWithTheExtractor() throws {
        let pieces = ["#", "a", "B", "7", "_", " ", "\t", "&", "www.", "http://", "/", ".", ":", "!", "\"", "é", "#Ünï", "😀", "\u{00A0}", "\u{0301}", "İ", "٣", "#日本"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(try Self.writtenTags(text) == HashtagExtractor.extract(from: text), "\(text)")
        }
    }

    @Test func goldenTextsAgreeWithTheExtractor() throws {
        struct Record: Decodable { let text: String }
        let lines = try String(contentsOf: Self.goldenFile, encoding: .utf8).split(separator: "\n")
        var withTags = 0
        for line in lines {
            let text = try JSONDecoder().decode(Record.self, from: Data(line.utf8)).text
            let expected = HashtagExtractor.extract(from: text)
            if !expected.isEmpty { withTags += 1 }
            #expect(try Self.writtenTags(text) == expected, "\(text)")
        }
        #expect(withTags > 1_000)
    }
}
