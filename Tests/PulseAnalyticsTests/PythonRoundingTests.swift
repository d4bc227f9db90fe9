import Foundation
import PulseAnalytics
import Testing

/// `PythonRounding.round` against correctly rounded decimal formatting (which is what Python's
/// `round` does), including values next to exact and inexact halfway points.
@Suite struct PythonRoundingTests {
    /// Rounds through `%.Nf` formatting and parsing back: slow but certainly right.
    static func viaFormatting(_ x: Double, _ digits: Int) -> Double {
        Double(String(format: "%.\(digits)f", x))!
    }

    @Test func agreesWithFormattingOnRandomAndNearHalfwayValues() {
        var generator = SystemRandomNumberGenerator()
        var disagreements: [String] = []
        for digits in [3, 4] {
            let scale = digits == 3 ? 1e3 : 1e4
            for _ in 0..<60_000 {
                let x = Double.random(in: -1...1, using: &generator)
                check(x, digits)
                // Values around k + 0.5 units: the decimal halfway point and its neighbours.
                let halfway = ((x * scale).rounded(.down) + 0.5) / scale
                check(halfway, digits)
                check(halfway.nextUp, digits)
                check(halfway.nextDown, digits)
            }
        }
        func check(_ x: Double, _ digits: Int) {
            let ours = PythonRounding.round(x, digits: digits)
            let reference = Self.viaFormatting(x, digits)
            if ours != reference || ours.sign != reference.sign, disagreements.count < 10 {
                disagreements.append("\(x) to \(digits): \(ours) vs \(reference)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
    }

    @Test func knownCases() {
        #expect(PythonRounding.round(0.0625, digits: 3) == 0.062)  // exact tie: to even
        #expect(PythonRounding.round(0.0635, digits: 3) == 0.064)  // binary value just above the tie
        #expect(PythonRounding.round(2.675, digits: 2) == 2.67)  // binary value just below the tie
        #expect(PythonRounding.round(-0.00001, digits: 4).sign == .minus)
        #expect(PythonRounding.round(-0.00001, digits: 4) == 0)
        #expect(PythonRounding.round(0.99995, digits: 4) == 1.0)
        #expect(PythonRounding.round(-0.8316, digits: 4) == -0.8316)
    }
}
