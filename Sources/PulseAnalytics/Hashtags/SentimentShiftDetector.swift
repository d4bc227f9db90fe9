import Foundation

/// Detects when the short-window mean sentiment leaves its usual range. A value type owned by
/// one caller (inside `AlertMonitor`); time is passed in.
///
/// The short-window mean `m` is a decayed mean of the posts' VADER compounds (short
/// half-life). Its own behaviour is learnt over the long half-life as a decayed mean `μ` and
/// variance `σ²` of `m` (sampled at every post once the short window holds enough posts), so
/// the test `|m − μ| ≥ k·σ` adapts to the feed's volume: a busy feed has a steadier `m`.
/// `m` is compared before it joins the baseline.
public struct SentimentShiftDetector: Sendable, Codable {
    /// The numbers of one reading.
    public struct Reading: Sendable, Equatable {
        public var shortMean: Double
        public var baselineMean: Double
        public var baselineStandardDeviation: Double
        public var zScore: Double
    }

    public let shortHalfLife: Double
    public let baselineHalfLife: Double
    /// Decayed posts the short window needs before its mean is used.
    public let minimumShortWeight: Double
    /// Decayed samples the baseline needs before a shift can be reported.
    public let minimumBaselineWeight: Double
    /// Lower bound of σ, so a perfectly flat history does not make every wobble a shift.
    public let minimumStandardDeviation: Double
    private var lastTime: Double?
    private var shortWeight = 0.0
    private var shortSum = 0.0
    private var baselineWeight = 0.0
    private var baselineMean = 0.0
    private var baselineSquares = 0.0

    public init(shortHalfLife: Double = 300, baselineHalfLife: Double = 21_600, minimumShortWeight: Double = 20,
                minimumBaselineWeight: Double = 200, minimumStandardDeviation: Double = 0.01) {
        self.shortHalfLife = shortHalfLife
        self.baselineHalfLife = baselineHalfLife
        self.minimumShortWeight = minimumShortWeight
        self.minimumBaselineWeight = minimumBaselineWeight
        self.minimumStandardDeviation = minimumStandardDeviation
    }

    /// The current short-window mean, if the window holds any post.
    public var shortMean: Double? { shortWeight > 0 ? shortSum / shortWeight : nil }

    /// Adds one post's compound at `now`; returns the reading taken before the baseline learnt
    /// from it, or nil while either window is still too thin.
    public mutating func observe(_ compound: Double, at now: Double) -> Reading? {
        let elapsed = max(0, now - (lastTime ?? now))
        lastTime = max(lastTime ?? now, now)
        let shortDecay = exp(-M_LN2 / shortHalfLife * elapsed)
        let baselineDecay = exp(-M_LN2 / baselineHalfLife * elapsed)
        shortWeight = shortWeight * shortDecay + 1
        shortSum = shortSum * shortDecay + compound
        baselineWeight *= baselineDecay
        baselineSquares *= baselineDecay
        guard shortWeight >= minimumShortWeight else { return nil }
        let mean = shortSum / shortWeight
        var reading: Reading?
        if baselineWeight >= minimumBaselineWeight {
            let deviation = max((baselineSquares / baselineWeight).squareRoot(), minimumStandardDeviation)
            reading = Reading(shortMean: mean, baselineMean: baselineMean, baselineStandardDeviation: deviation,
                              zScore: (mean - baselineMean) / deviation)
        }
        baselineWeight += 1
        let delta = mean - baselineMean
        baselineMean += delta / baselineWeight
        baselineSquares += delta * (mean - baselineMean)
        return reading
    }
}
