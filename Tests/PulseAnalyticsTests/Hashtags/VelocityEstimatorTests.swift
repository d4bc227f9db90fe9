import Foundation
import Testing
@testable import PulseAnalytics

/// The velocity estimator of `TrendingTags`: no warm-up bias in a stationary stream, and a
/// burst stands out as soon as it has the volume.
@Suite struct VelocityEstimatorTests {
    /// Poisson arrivals of `tagCount` tags, each at `ratePerTag` posts per second, read at `checkpoints`.
    private func stationaryReadings(tagCount: Int, ratePerTag: Double, seed: UInt64, checkpoints: [Double]) -> [[Double]] {
        var random = SplitMix64(seed: seed)
        var trending = TrendingTags()
        let start = 1_800_000_000.0
        let totalRate = ratePerTag * Double(tagCount)
        var time = 0.0
        var readings: [[Double]] = []
        var pending = checkpoints[...]
        while !pending.isEmpty {
            time += -log(1 - random.nextUnit()) / totalRate
            while let next = pending.first, next <= time {
                readings.append((0..<tagCount).compactMap { trending.stats(for: "tag\($0)", at: start + next)?.velocity })
                pending = pending.dropFirst()
            }
            let tag = Int(random.next() % UInt64(tagCount))
            trending.add(tags: ["tag\(tag)"], compound: 0, postID: nil, at: start + time)
        }
        return readings
    }

    @Test func evenlySpacedSteadyTagReadsOneFromItsFirstMinute() throws {
        var trending = TrendingTags()
        let start = 1_800_000_000.0
        var worst = 0.0
        for tick in 0..<(7_200 * 2) {
            let now = start + Double(tick) / 2
            trending.add(tags: ["steady"], compound: 0.2, postID: nil, at: now)
            if now - start >= 60, tick % 20 == 0 {
                let velocity = try #require(trending.stats(for: "steady", at: now)).velocity
                worst = max(worst, abs(velocity - 1))
            }
        }
        #expect(worst < 0.02, "largest deviation from 1.0 after the first minute: \(worst)")
    }

    @Test func stationaryPoissonStreamReadsOneWithinATenth() {
        let checkpoints: [Double] = [60, 90, 120, 300, 600, 1_800, 3_600]
        var means = [[Double]](repeating: [], count: checkpoints.count)
        for seed in UInt64(1)...4 {
            let readings = stationaryReadings(tagCount: 10, ratePerTag: 2, seed: seed, checkpoints: checkpoints)
            for (index, velocities) in readings.enumerated() {
                #expect(velocities.count == 10)
                means[index].append(velocities.reduce(0, +) / Double(velocities.count))
            }
        }
        for (checkpoint, values) in zip(checkpoints, means) {
            let mean = values.reduce(0, +) / Double(values.count)
            #expect(abs(mean - 1) < 0.1, "mean velocity at \(checkpoint) s: \(mean)")
        }
    }

    @Test func busyStationaryTagsStayWithinATenthEachFromTheFirstMinute() {
        let checkpoints: [Double] = [60, 120, 600, 1_800]
        let readings = stationaryReadings(tagCount: 4, ratePerTag: 25, seed: 9, checkpoints: checkpoints)
        for (checkpoint, velocities) in zip(checkpoints, readings) {
            #expect(velocities.count == 4)
            for velocity in velocities { #expect(abs(velocity - 1) < 0.1, "velocity at \(checkpoint) s: \(velocity)") }
        }
    }

    @Test func burstOnTopOfAStationaryStreamReadsThreeOrMore() throws {
        var random = SplitMix64(seed: 5)
        var trending = TrendingTags()
        let start = 1_800_000_000.0
        var time = 0.0
        var peakDuringBurst = 0.0
        // 20 posts/s over 10 background tags for 10 minutes; from minute 8 "launch" joins at 3 posts/s.
        while time < 600 {
            time += -log(1 - random.nextUnit()) / 20
            trending.add(tags: ["tag\(random.next() % 10)"], compound: 0, postID: nil, at: start + time)
            if time >= 480, random.nextUnit() < 3.0 / 20 {
                trending.add(tags: ["launch"], compound: 0.5, postID: nil, at: start + time)
                if let stats = trending.stats(for: "launch", at: start + time), stats.count >= 10 {
                    peakDuringBurst = max(peakDuringBurst, stats.velocity)
                }
            }
        }
        let now = start + 600
        let launch = try #require(trending.stats(for: "launch", at: now))
        #expect(launch.velocity >= 3, "launch velocity after two minutes: \(launch.velocity)")
        #expect(peakDuringBurst >= 3)
        let top = trending.top(1, at: now)
        #expect(top.first?.tag == "launch")
        for index in 0..<10 {
            let steady = try #require(trending.stats(for: "tag\(index)", at: now))
            #expect(abs(steady.velocity - 1) < 0.2, "tag\(index): \(steady.velocity)")
        }
    }

    @Test func burstEarlyInAYoungStreamStandsOut() throws {
        // The demo's case: a launch tag appears 45 s into the stream and ramps up to 5 posts/s
        // over 30 s; then it reads ≥ 3 (a constant rate would read about age / time since it appeared).
        var random = SplitMix64(seed: 11)
        var trending = TrendingTags()
        let start = 1_800_000_000.0
        var time = 0.0
        while time < 75 {
            time += -log(1 - random.nextUnit()) / 20
            trending.add(tags: ["tag\(random.next() % 10)"], compound: 0, postID: nil, at: start + time)
            if time >= 45, random.nextUnit() < 0.25 * (time - 45) / 30 {
                trending.add(tags: ["launch"], compound: 0.5, postID: nil, at: start + time)
            }
        }
        let launch = try #require(trending.stats(for: "launch", at: start + 75))
        #expect(launch.velocity >= 3, "launch velocity 30 s after it appeared: \(launch.velocity)")
        #expect(trending.top(1, at: start + 75).first?.tag == "launch")
    }
}
