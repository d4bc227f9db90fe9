/// Turns the hashtag and sentiment statistics into alerts: a hashtag burst (velocity over a
/// threshold above a volume floor, at most once per tag per cooldown) and a sentiment shift
/// (`SentimentShiftDetector` beyond k standard deviations, at most once per cooldown). A value
/// type owned by one caller (the store actor); time is passed in.
public struct AlertMonitor: Sendable, Codable {
    /// Thresholds and windows; the defaults suit tens of posts per second.
    public struct Configuration: Sendable, Codable, Equatable {
        /// Velocity (current rate over baseline, smoothed) at which a tag bursts.
        public var burstVelocity: Double = 4
        /// Guaranteed decayed count a tag needs before it can burst.
        public var burstMinimumCount: Double = 10
        /// Seconds before the same tag (or another sentiment shift) can alert again.
        public var cooldown: Double = 900
        /// k: standard deviations of the short-window mean that make a shift.
        public var sentimentDeviations: Double = 3
        public var sentimentShortHalfLife: Double = 300
        public var sentimentBaselineHalfLife: Double = 21_600
        /// Decayed posts the short window needs.
        public var sentimentMinimumPosts: Double = 20
        /// Co-occurring tags and sample post ids per alert.
        public var coTagLimit = 5
        public var sampleLimit = 3

        public init() {}
    }

    public let configuration: Configuration
    private var shift: SentimentShiftDetector
    private var lastBurst: [String: Double] = [:]
    private var lastShift: Double?
    private var recentPosts: [RecentPost] = []
    private var recentNext = 0

    private struct RecentPost: Sendable, Codable {
        var id: String
        var compound: Double
    }

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        shift = SentimentShiftDetector(
            shortHalfLife: configuration.sentimentShortHalfLife,
            baselineHalfLife: configuration.sentimentBaselineHalfLife,
            minimumShortWeight: configuration.sentimentMinimumPosts)
    }

    /// Checks one post after it has been added to `trending` and `coOccurrence`; returns the
    /// alerts it triggers (usually none).
    public mutating func observe(
        tags: [String], compound: Double, postID: String?, at now: Double,
        trending: TrendingTags, coOccurrence: TagCoOccurrence
    ) -> [Alert] {
        var alerts: [Alert] = []
        if let postID { remember(RecentPost(id: postID, compound: compound)) }
        for tag in tags {
            guard let stats = trending.stats(for: tag, at: now),
                  stats.count - stats.error >= configuration.burstMinimumCount,
                  stats.velocity >= configuration.burstVelocity,
                  now - (lastBurst[tag] ?? -.infinity) >= configuration.cooldown else { continue }
            lastBurst[tag] = now
            var alert = Alert(
                kind: .hashtagBurst, time: now,
                message: "#\(tag) is rising: velocity \(rounded(stats.velocity)) (threshold \(rounded(configuration.burstVelocity)))",
                coTags: coOccurrence.partners(of: tag, limit: configuration.coTagLimit, at: now).map(\.tag),
                samplePostIDs: Array(trending.samplePostIDs(for: tag).suffix(configuration.sampleLimit)))
            alert.tag = tag
            alert.velocity = stats.velocity
            alert.velocityThreshold = configuration.burstVelocity
            alert.count = stats.count
            alert.currentRate = stats.currentRate
            alert.baselineRate = stats.baselineRate
            alerts.append(alert)
        }
        if lastBurst.count > 4_096 { lastBurst = lastBurst.filter { now - $0.value < configuration.cooldown } }
        if compound.isFinite, let reading = shift.observe(compound, at: now),
           abs(reading.zScore) >= configuration.sentimentDeviations,
           now - (lastShift ?? -.infinity) >= configuration.cooldown {
            lastShift = now
            alerts.append(shiftAlert(reading, at: now, trending: trending))
        }
        return alerts
    }

    private func shiftAlert(_ reading: SentimentShiftDetector.Reading, at now: Double, trending: TrendingTags) -> Alert {
        let direction = reading.zScore > 0 ? 1.0 : -1.0
        let carriers = trending.allTags(at: now).compactMap { tag -> (String, Double)? in
            guard tag.count - tag.error >= trending.configuration.minimumCount, let sentiment = tag.sentiment,
                  (sentiment - reading.baselineMean) * direction > 0 else { return nil }
            return (tag.tag, tag.currentRate * abs(sentiment - reading.baselineMean))
        }.sorted { $0.1 > $1.1 }.prefix(configuration.coTagLimit).map(\.0)
        let ordered = recentPosts[recentNext...] + recentPosts[..<recentNext]
        let samples = ordered.reversed().filter { ($0.compound - reading.baselineMean) * direction > 0 }
            .prefix(configuration.sampleLimit).map(\.id)
        var alert = Alert(
            kind: .sentimentShift, time: now,
            message: "sentiment moved \(direction > 0 ? "up" : "down"): short-window mean \(rounded(reading.shortMean)) vs baseline \(rounded(reading.baselineMean)) (z = \(rounded(reading.zScore)))",
            coTags: Array(carriers), samplePostIDs: Array(samples))
        alert.shortMean = reading.shortMean
        alert.baselineMean = reading.baselineMean
        alert.baselineStandardDeviation = reading.baselineStandardDeviation
        alert.zScore = reading.zScore
        alert.zThreshold = configuration.sentimentDeviations
        return alert
    }

    private mutating func remember(_ post: RecentPost) {
        if recentPosts.count < 32 {
            recentPosts.append(post)
        } else {
            recentPosts[recentNext] = post
            recentNext = (recentNext + 1) % recentPosts.count
        }
    }

    private func rounded(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }
}
