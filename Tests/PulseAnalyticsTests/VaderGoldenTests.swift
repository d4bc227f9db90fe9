import Foundation
import PulseAnalytics
import Testing

/// Every text of the committed golden file must get exactly the reference's four scores.
@Suite struct VaderGoldenTests {
    struct GoldenRecord: Decodable {
        let text: String
        let len: Int
        let neg: Double
        let neu: Double
        let pos: Double
        let compound: Double
    }

    static func loadGolden() throws -> [GoldenRecord] {
        let url = VaderTestSupport.repositoryRoot.appendingPathComponent("Tests/Golden/vader/vader_golden.jsonl")
        let data = try Data(contentsOf: url)
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(GoldenRecord.self, from: Data($0)) }
    }

    /// Equal values with equal signs (so -0.0 and 0.0 are told apart).
    static func same(_ a: Double, _ b: Double) -> Bool {
        a == b && a.sign == b.sign
    }

    @Test func everyGoldenTextScoresExactlyAsTheReference() throws {
        let records = try Self.loadGolden()
        #expect(records.count >= 20_000)
        let analyzer = VaderTestSupport.analyzer
        var mismatches: [String] = []
        var mismatchCount = 0
        for (index, record) in records.enumerated() {
            #expect(record.text.unicodeScalars.count == record.len, "golden line \(index + 1): text was not read back intact")
            let scores = analyzer.scores(record.text)
            let agrees = Self.same(scores.neg, record.neg) && Self.same(scores.neu, record.neu)
                && Self.same(scores.pos, record.pos) && Self.same(scores.compound, record.compound)
            if !agrees {
                mismatchCount += 1
                if mismatches.count < 15 {
                    let shown = record.text.count > 200 ? String(record.text.prefix(200)) + "…" : record.text
                    mismatches.append(
                        "line \(index + 1) \(shown.debugDescription): got neg \(scores.neg) neu \(scores.neu) pos \(scores.pos) compound \(scores.compound); reference neg \(record.neg) neu \(record.neu) pos \(record.pos) compound \(record.compound)"
                    )
                }
            }
        }
        #expect(mismatchCount == 0, "\(mismatchCount) of \(records.count) texts differ; first ones:\n\(mismatches.joined(separator: "\n"))")
    }
}
