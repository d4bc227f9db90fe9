#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One story arc of the demo feed: an event that rises and fades over a few minutes on top of
/// the background topics. Immutable data, shared freely; `DemoArcSchedule` makes them.
public struct DemoArc: Sendable, Equatable {
    /// What the arc does to the stream.
    public enum Kind: String, Sendable, CaseIterable {
        /// A new tag emerges with a topic and bursts (up to `strength` of all posts carry it).
        case launch
        /// A topic's posts turn sharply negative, get more frequent and carry an outage tag.
        case outage
        /// Posts share one author's post (with a tag of its own) with fast-growing engagement.
        case viral
    }

    public var kind: Kind
    /// Which cycle of its kind (0, 1, 2, ...).
    public var cycle: Int
    /// Seconds since the start of the stream.
    public var start: Double
    public var duration: Double
    /// Fraction of `duration` at which the intensity peaks.
    public var peakFraction: Double
    /// Index into `DemoTopic.all` of the topic it happens in.
    public var topic: Int
    /// The arc's own hashtag (the launched product, the outage, the viral post).
    public var tag: String
    /// Launch and outage: the share of posts the arc takes at its peak; viral: the engagement
    /// multiplier at its peak.
    public var strength: Double

    public var end: Double { start + duration }

    /// 0 outside the arc, rising linearly to 1 at the peak, then fading as a cosine to 0 at the end.
    public func intensity(at time: Double) -> Double {
        guard time >= start, time < end, duration > 0 else { return 0 }
        let phase = (time - start) / duration
        if phase < peakFraction { return phase / peakFraction }
        let fade = (phase - peakFraction) / (1 - peakFraction)
        return 0.5 * (1 + cos(Double.pi * fade))
    }
}
