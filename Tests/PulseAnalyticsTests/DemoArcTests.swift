import Testing
@testable import PulseAnalytics

/// The demo feed's story arcs: deterministic from the seed, non-overlapping per kind, varied
/// between cycles, and visible in the posts at the strength they announce.
@Suite struct DemoArcTests {
    @Test func scheduleIsDeterministicVariedAndNonOverlapping() {
        let schedule = DemoArcSchedule(seed: 42)
        let arcs = schedule.arcs(startingBefore: 3_600)
        #expect(arcs.map(\.start) == DemoArcSchedule(seed: 42).arcs(startingBefore: 3_600).map(\.start))
        #expect(arcs.map(\.start) != DemoArcSchedule(seed: 43).arcs(startingBefore: 3_600).map(\.start))
        for kind in DemoArc.Kind.allCases {
            let ofKind = arcs.filter { $0.kind == kind }
            #expect(ofKind.count >= 8, "\(kind): \(ofKind.count) arcs in an hour")
            for (earlier, later) in zip(ofKind, ofKind.dropFirst()) { #expect(earlier.end <= later.start) }
            #expect(Set(ofKind.map(\.duration)).count == ofKind.count, "lengths vary")
            #expect(Set(ofKind.map(\.topic)).count > 1, "topics vary")
        }
        let launches = arcs.filter { $0.kind == .launch }
        #expect(Set(launches.prefix(8).map(\.tag)).count == 8, "every launch is a new tag")
        #expect(launches[0].start < 60, "the first launch comes within the first minute")
        for arc in arcs.prefix(6) {
            #expect(arc.intensity(at: arc.start - 1) == 0 && arc.intensity(at: arc.end) == 0)
            #expect(abs(arc.intensity(at: arc.start + arc.peakFraction * arc.duration) - 1) < 1e-9)
            #expect(schedule.active(arc.kind, at: arc.start + arc.duration / 2) == arc)
        }
    }

    @Test func launchPostsCarryTheNewTagAtTheAnnouncedShare() throws {
        let rate = 20.0
        let launch = DemoArcSchedule(seed: 42).arc(.launch, cycle: 0)
        var feed = DemoFeed(seed: 42, postsPerSecond: rate)
        let peak = launch.start + launch.peakFraction * launch.duration
        var before = 0, nearPeak = 0, nearPeakWithTag = 0
        for index in 0..<Int(launch.end * rate) {
            let item = feed.next()
            let time = Double(index) / rate
            let tagged = item.post.text.lowercased().contains("#" + launch.tag)
            if time < launch.start, tagged { before += 1 }
            if abs(time - peak) < 10 {
                nearPeak += 1
                if tagged {
                    nearPeakWithTag += 1
                    #expect(item.arc == launch && item.topic == launch.topic)
                }
            }
        }
        #expect(before == 0, "the tag does not exist before its launch")
        let share = Double(nearPeakWithTag) / Double(nearPeak)
        #expect(abs(share - launch.strength) < 0.08, "share near the peak \(share) vs strength \(launch.strength)")
    }

    @Test func outagesTurnTheirTopicNegativeAndViralSharesAreHighlyEngaging() {
        let rate = 20.0
        let schedule = DemoArcSchedule(seed: 7)
        let outage = schedule.arc(.outage, cycle: 0), viral = schedule.arc(.viral, cycle: 0)
        var feed = DemoFeed(seed: 7, postsPerSecond: rate)
        var outagePolarities: [Double] = [], backgroundLikes: [Double] = [], viralLikes: [Double] = []
        for _ in 0..<Int(max(outage.end, viral.end) * rate) {
            let item = feed.next()
            switch item.arc?.kind {
            case .outage?: outagePolarities.append(item.intendedPolarity)
            case .viral?: viralLikes.append(item.post.metrics["likes"] ?? 0)
            case nil: backgroundLikes.append(item.post.metrics["likes"] ?? 0)
            default: break
            }
        }
        #expect(outagePolarities.count > 100)
        #expect(outagePolarities.reduce(0, +) / Double(outagePolarities.count) < -0.5)
        #expect(viralLikes.count > 20)
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(max(1, values.count)) }
        #expect(mean(viralLikes) > 10 * mean(backgroundLikes), "viral \(mean(viralLikes)) vs \(mean(backgroundLikes))")
    }

    @Test func withoutArcsTheFeedIsTheStationaryBackground() {
        var feed = DemoFeed(seed: 42, postsPerSecond: 20, arcs: false)
        for _ in 0..<4_000 { #expect(feed.next().arc == nil) }
    }
}
