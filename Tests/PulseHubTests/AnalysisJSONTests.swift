import Foundation
import PulseAnalytics
import PulseHub
import Testing

/// The JSON of `pulse analyze` / `POST /api/analyze`: valid JSON, exact number forms.
@Suite struct AnalysisJSONTests {
    static func rounded(_ value: Double, decimals: Int) -> String {
        var out: [UInt8] = []
        AnalysisJSON.appendRounded(value, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func roundedValuesPrintLikeSwiftAndPythonShortestForm() {
        for decimals in [3, 4] {
            let scale = decimals == 3 ? 1000 : 10000
            for units in -scale...scale {
                let value = Double(units) / Double(scale)
                #expect(Self.rounded(value, decimals: decimals) == value.description, "\(units) / \(scale)")
            }
        }
        #expect(Self.rounded(-0.0, decimals: 4) == "-0.0")
        #expect(Self.rounded(0.0001, decimals: 4) == "0.0001")
        #expect(Self.rounded(1.0 / 3.0, decimals: 4) == (1.0 / 3.0).description)  // not rounded: general path
    }

    @Test func analysisObjectIsValidJSONWithEveryField() throws {
        var text = "say \"hi\"\\\n\t\u{1}é😀"
        var out: [UInt8] = []
        let scores = SentimentScores(neg: 0.1, neu: 0.5, pos: 0.4, compound: -0.4767)
        text.withUTF8 { AnalysisJSON.appendAnalysis(text: $0, sentiment: scores, to: &out) }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any])
        #expect(object["text"] as? String == text)
        let sentiment = try #require(object["sentiment"] as? [String: Any])
        #expect(sentiment["neg"] as? Double == 0.1)
        #expect(sentiment["neu"] as? Double == 0.5)
        #expect(sentiment["pos"] as? Double == 0.4)
        #expect(sentiment["compound"] as? Double == -0.4767)
        #expect(sentiment["label"] as? String == "negative")
        #expect(String(decoding: out, as: UTF8.self).contains(#""text":"say \"hi\"\\\n\t\u0001é😀""#))
    }

    @Test func stringsWithEscapesAtEveryPositionSurviveARoundTrip() throws {
        let pieces = ["a", "bcdefghij", "\"", "\\", "\n", "\u{0}", "\u{1F}", "é", "😀", "\u{7F}", " "]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            var out: [UInt8] = []
            text.withUTF8 { AnalysisJSON.appendString($0, to: &out) }
            let decoded = try JSONSerialization.jsonObject(with: Data(out), options: .fragmentsAllowed) as? String
            #expect(decoded == text)
        }
    }

    @Test func lineErrorObject() throws {
        var out: [UInt8] = []
        AnalysisJSON.appendLineError(line: 7, message: "invalid \"JSON\"", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"line":7,"error":"invalid \"JSON\""}"#)
    }
}
