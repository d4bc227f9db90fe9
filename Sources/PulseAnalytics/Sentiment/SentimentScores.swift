/// The sentiment class of a text, decided by its compound score: positive above 0.05,
/// negative below -0.05, neutral otherwise. A plain value, safe to share across threads.
public enum SentimentLabel: String, Sendable, Hashable, CaseIterable {
    case negative, neutral, positive

    /// The label of a compound score (or of any rating on the same scale).
    public init(compound: Double) {
        if compound > 0.05 {
            self = .positive
        } else if compound < -0.05 {
            self = .negative
        } else {
            self = .neutral
        }
    }
}

/// VADER's four scores of one text, already rounded as vaderSentiment 3.3.2 rounds them
/// (`neg`, `neu`, `pos` to 3 decimals, `compound` to 4), plus the label.
/// A plain value, safe to share across threads.
public struct SentimentScores: Sendable, Hashable {
    /// Share of the text's weight that is negative, in 0...1.
    public var neg: Double
    /// Share of the text's weight that is neutral, in 0...1.
    public var neu: Double
    /// Share of the text's weight that is positive, in 0...1.
    public var pos: Double
    /// The normalised sum of valences, in -1...1.
    public var compound: Double

    public init(neg: Double, neu: Double, pos: Double, compound: Double) {
        self.neg = neg
        self.neu = neu
        self.pos = pos
        self.compound = compound
    }

    /// The scores of a text without any token (empty or whitespace only).
    public static let empty = SentimentScores(neg: 0, neu: 0, pos: 0, compound: 0)

    /// positive if compound > 0.05, negative if compound < -0.05, else neutral.
    public var label: SentimentLabel { SentimentLabel(compound: compound) }
}

/// Python's `round(x, digits)` for binary doubles: the decimal with `digits` places nearest
/// to the exact value of `x` (ties to even only when the binary value is exactly halfway),
/// returned as the double nearest to that decimal. A namespace of pure functions.
public enum PythonRounding {
    /// Rounds `x` to `digits` decimal places (0...15) exactly as Python's `round` does,
    /// for |x| * 10^digits below 2^52 (every VADER score; beyond that `x` has no fraction
    /// digits left to round at this scale and is returned as `x * 10^digits / 10^digits`).
    @inline(__always)
    public static func round(_ x: Double, digits: Int) -> Double {
        guard x.isFinite else { return x }
        // 10^digits by multiplication, exact for every power up to 10^22; folded to a constant
        // where `digits` is one (a table would cost a lazy-global check and a retain per call).
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        // Rounding to nearest is symmetric, so round the magnitude (which keeps every step
        // below exact) and give the result the sign of `x`, as Python does (also for -0.0).
        let units = roundedUnits(x.magnitude, scale: scale)
        return Double(signOf: x, magnitudeOf: units / scale)
    }

    /// The integer nearest to the exact product `x * scale` for `x >= 0`, ties to even.
    ///
    /// The rounded product `y` is off from the exact one by at most half a unit in its last
    /// place, which can only change the answer when `y` is exactly halfway between two
    /// integers (any other `y` is at least one unit away from the halfway point). Only then is
    /// the error recovered, exactly, with a fused multiply-add.
    @inline(__always)
    static func roundedUnits(_ x: Double, scale: Double) -> Double {
        let y = x * scale
        guard y < 0x1p52 else { return y }  // already an integer
        let below = Double(Int64(y))
        let fraction = y - below
        if fraction > 0.5 { return below + 1 }
        if fraction < 0.5 { return below }
        let error = (-y).addingProduct(x, scale)
        if error > 0 { return below + 1 }
        if error < 0 { return below }
        return Int64(below) % 2 == 0 ? below : below + 1
    }
}
