@testable import PulseAnalytics
import Testing

/// The precomputed case classes must equal the standard library's Unicode properties
/// everywhere, including the blocks the table fills without asking.
@Suite struct UnicodeCaseTableTests {
    @Test func tableAgreesWithUnicodePropertiesForEveryTabulatedCodePoint() {
        var disagreements: [String] = []
        for value in Array(0..<UInt32(0x10000)) + Array(UInt32(0x1F000)..<0x20000)
        where UnicodeCaseTable.caseClass(of: value) != UnicodeCaseTable.computed(value) {
            disagreements.append(String(value, radix: 16))
        }
        #expect(disagreements.isEmpty, "code points: \(disagreements.prefix(20))")
    }

    @Test func knownLetters() {
        #expect(UnicodeCaseTable.caseClass(of: 0x41) == UnicodeCaseTable.upper)  // A
        #expect(UnicodeCaseTable.caseClass(of: 0x3C3) == UnicodeCaseTable.lowerOrTitle)  // σ
        #expect(UnicodeCaseTable.caseClass(of: 0x1C5) == UnicodeCaseTable.lowerOrTitle)  // ǅ (title case)
        #expect(UnicodeCaseTable.caseClass(of: 0x24B6) == UnicodeCaseTable.upper)  // Ⓐ (Other_Uppercase)
        #expect(UnicodeCaseTable.caseClass(of: 0x4E2D) == UnicodeCaseTable.uncased)  // 中
        #expect(UnicodeCaseTable.caseClass(of: 0x1D400) == UnicodeCaseTable.upper)  // 𝐀, outside the table
    }
}
