import Foundation

/// Trending hashtags in bounded memory: a Space-Saving top-K (`DecayedTopK`) of tags with a
/// decayed count, a current rate (short half-life), a baseline rate (long half-life), a velocity
/// score and a decayed mean sentiment. A value type owned by one caller (the store actor); every
/// method takes the time explicitly, so replaying the same posts rebuilds the same state.
///
/// Rates are in posts per second, read from two decayed counts per tag: `C` with the current
/// decay rate `λc` and `B` with the baseline rate `λb` (`λ = ln 2 / halfLife`, `λb < λc`). With
/// `A` the time since the structure saw its first post, the current rate is
/// `λc·C / (1 − e^(−λc·A))` and the baseline rate is the rate *before* the current window,
/// `(B − C) / K(A)` with `K(A) = (1 − e^(−λb·A))/λb − (1 − e^(−λc·A))/λc` (the kernel
/// `e^(−λb·u) − e^(−λc·u)` weighs a post of age `u` near 0 when it is recent and near 1 when
/// it is old). Both are unbiased for a steady rate at every age, so a steady tag reads about
/// 1.0 from its first minute on, while a tag that appeared a short time `D` ago in a stream of
/// age `A` reads about `A / D`. Velocity is `(current + s) / (baseline + s)` where the
/// smoothing rate `s` keeps a brand-new tag finite. Only tags whose guaranteed count
/// (`count − error`) reaches `minimumCount` are ranked.
public struct TrendingTags: Sendable, Codable {
    /// Tunables; the defaults suit a feed of tens of posts per second.
    public struct Configuration: Sendable, Codable, Equatable {
        /// Tags kept (Space-Saving capacity).
        public var capacity = 10_000
        /// Half-life of `count` and of the mean sentiment, in seconds.
        public var countHalfLife: Double = 3_600
        /// Half-life of the current rate, in seconds.
        public var currentHalfLife: Double = 300
        /// Half-life of the baseline rate, in seconds.
        public var baselineHalfLife: Double = 21_600
        /// Added to both rates of the velocity, in posts per second.
        public var smoothingRate: Double = 1.0 / 600
        /// The volume floor: guaranteed decayed count a tag needs to be ranked.
        public var minimumCount: Double = 5
        /// Recent post ids kept per tag (for alerts).
        public var sampleIDsPerTag = 3

        public init() {}
    }

    /// One ranked tag (JSON keys in snake_case).
    public struct Tag: Sendable, Codable, Equatable {
        public var tag: String
        /// Decayed number of posts (upper bound under Space-Saving).
        public var count: Double
        /// Part of `count` that may belong to evicted tags.
        public var error: Double
        /// Posts per second over the short half-life.
        public var currentRate: Double
        /// Posts per second before the current window (see the type's comment).
        public var baselineRate: Double
        public var velocity: Double
        /// Decayed mean VADER compound of the tag's posts, nil before any.
        public var sentiment: Double?

        enum CodingKeys: String, CodingKey {
            case tag, count, error, velocity, sentiment
            case currentRate = "current_rate"
            case baselineRate = "baseline_rate"
        }
    }

    public let configuration: Configuration
    private var counts: DecayedTopK<String>
    private var sampleIDs: [[String]] = []
    private var rates: SIMD4<Double>
    private var startTime: Double?

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        counts = DecayedTopK(
            capacity: configuration.capacity,
            halfLives: SIMD4(configuration.countHalfLife, configuration.currentHalfLife,
                             configuration.baselineHalfLife, configuration.countHalfLife),
            inheritedChannels: SIMD4(1, 1, 1, 0))
        rates = SIMD4(0, M_LN2 / configuration.currentHalfLife, M_LN2 / configuration.baselineHalfLife, 0)
    }

    /// Number of distinct tags held (at most `capacity`).
    public var trackedCount: Int { counts.count }
    /// Memory proxy: elements reserved by the internal stores.
    public var reservedElements: Int { Swift.max(counts.reservedElements, sampleIDs.capacity) }

    /// Counts one post's tags (already normalised, each once) with its sentiment compound.
    public mutating func add(tags: [String], compound: Double, postID: String?, at now: Double) {
        if startTime == nil { startTime = now }
        let weights = SIMD4<Double>(1, 1, 1, compound.isFinite ? compound : 0)
        for tag in tags {
            let (slot, admitted) = counts.add(tag, weights: weights, at: now)
            if slot == sampleIDs.count { sampleIDs.append([]) }
            if admitted { sampleIDs[slot].removeAll(keepingCapacity: true) }
            if let postID, configuration.sampleIDsPerTag > 0 {
                if sampleIDs[slot].count == configuration.sampleIDsPerTag { sampleIDs[slot].removeFirst() }
                sampleIDs[slot].append(postID)
            }
        }
    }

    /// The `n` tags with the highest velocity among those above the volume floor.
    public func top(_ n: Int, at now: Double) -> [Tag] {
        let scale = rateScale(at: now)
        return counts.top(n, at: now) { entry in
            entry.count - entry.error >= configuration.minimumCount ? velocity(of: entry, scale) : nil
        }.map { tag(from: $0.entry, scale) }
    }

    /// The `n` tags with the largest decayed count (no floor).
    public func topByCount(_ n: Int, at now: Double) -> [Tag] {
        let scale = rateScale(at: now)
        return counts.top(n, at: now) { $0.count }.map { tag(from: $0.entry, scale) }
    }

    /// The statistics of `tag` at `now`, if it is tracked.
    public func stats(for tag: String, at now: Double) -> Tag? {
        let scale = rateScale(at: now)
        return counts.entry(for: tag, at: now).map { self.tag(from: $0, scale) }
    }

    /// The most recent post ids seen with `tag`, oldest first.
    public func samplePostIDs(for tag: String) -> [String] {
        counts.slot(of: tag).map { sampleIDs[$0] } ?? []
    }

    /// Every tracked tag at `now` (for co-occurrence and sentiment attribution).
    public func allTags(at now: Double) -> [Tag] {
        let scale = rateScale(at: now)
        return counts.entries(at: now).map { tag(from: $0, scale) }
    }

    /// How decayed counts turn into rates at one reading time (see the type's comment).
    struct RateScale {
        /// Multiplies the current decayed count into the current rate.
        var current: Double
        /// Divides `B − C` into the baseline rate; 0 when the stream is too young to have one.
        var olderWeight: Double
    }

    private func rateScale(at now: Double) -> RateScale {
        let age = max(now - (startTime ?? now), 1)
        let currentRate = rates[1], baselineRate = rates[2]
        let currentWindow = -expm1(-currentRate * age) / currentRate
        let baselineWindow = -expm1(-baselineRate * age) / baselineRate
        return RateScale(current: 1 / currentWindow, olderWeight: max(0, baselineWindow - currentWindow))
    }

    /// The current and baseline rates of `entry`; the baseline equals the current rate while
    /// the stream is too young to tell them apart.
    private func rates(of entry: DecayedTopK<String>.Entry, _ scale: RateScale) -> (current: Double, baseline: Double) {
        let current = scale.current * entry.channels[1]
        guard scale.olderWeight > 1e-9 else { return (current, current) }
        return (current, max(0, entry.channels[2] - entry.channels[1]) / scale.olderWeight)
    }

    private func velocity(of entry: DecayedTopK<String>.Entry, _ scale: RateScale) -> Double {
        let (current, baseline) = rates(of: entry, scale)
        return (current + configuration.smoothingRate) / (baseline + configuration.smoothingRate)
    }

    private func tag(from entry: DecayedTopK<String>.Entry, _ scale: RateScale) -> Tag {
        let guaranteed = entry.count - entry.error
        let (current, baseline) = rates(of: entry, scale)
        return Tag(
            tag: entry.key, count: entry.count, error: entry.error,
            currentRate: current, baselineRate: baseline,
            velocity: (current + configuration.smoothingRate) / (baseline + configuration.smoothingRate),
            sentiment: guaranteed > 1e-12 ? entry.channels[3] / guaranteed : nil)
    }
}
