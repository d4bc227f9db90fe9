import Foundation
import Testing
@testable import PulseAnalytics

@Suite struct AlertMonitorTests {
    /// Feeds a steady stream, then a burst of #outage posts with negative sentiment.
    private func run() -> [Alert] {
        var trending = TrendingTags()
        var pairs = TagCoOccurrence()
        var monitor = AlertMonitor()
        var alerts: [Alert] = []
        var random = SplitMix64(seed: 3)
        func feed(_ tags: [String], _ compound: Double, _ id: String, _ now: Double) {
            trending.add(tags: tags, compound: compound, postID: id, at: now)
            pairs.add(tags: tags, at: now)
            alerts += monitor.observe(tags: tags, compound: compound, postID: id, at: now, trending: trending, coOccurrence: pairs)
        }
        var now = 0.0
        for index in 0..<20_000 {  // two posts per second for almost three hours
            now = Double(index) / 2
            feed([["news", "sports", "music"][index % 3]], 0.3 + 0.4 * (random.nextUnit() - 0.5), "calm\(index)", now)
        }
        for index in 0..<600 {  // five minutes of outage posts on top
            now += 0.5
            feed(["outage", "cloud"], -0.8, "outage\(index)", now)
        }
        return alerts
    }

    @Test func burstAlertCarriesItsNumbersPartnersAndSamples() throws {
        let alerts = run()
        let burst = try #require(alerts.first { $0.kind == .hashtagBurst && $0.tag == "outage" })
        #expect(try #require(burst.velocity) >= 4)
        #expect(try #require(burst.count) >= 10)
        #expect(burst.coTags == ["cloud"])
        #expect(burst.samplePostIDs.count == 3 && burst.samplePostIDs.allSatisfy { $0.hasPrefix("outage") })
        // Once per tag per cooldown.
        #expect(alerts.filter { $0.tag == "outage" }.count == 1)
        #expect(!alerts.contains { $0.tag == "news" || $0.tag == "sports" })
    }

    @Test func sentimentShiftAlertFiresOnTheDrop() throws {
        let alerts = run()
        let shifts = alerts.filter { $0.kind == .sentimentShift }
        #expect(shifts.count == 1)
        let shift = try #require(shifts.first)
        #expect(try #require(shift.zScore) <= -3)
        let shortMean = try #require(shift.shortMean), baselineMean = try #require(shift.baselineMean)
        #expect(shortMean < baselineMean)
        #expect(shift.samplePostIDs.allSatisfy { $0.hasPrefix("outage") } && !shift.samplePostIDs.isEmpty)
        #expect(shift.coTags.contains("outage"))
    }

    @Test func alertEncodesToSnakeCaseJSON() throws {
        var alert = Alert(kind: .hashtagBurst, time: 12, message: "m", coTags: ["b"], samplePostIDs: ["1"])
        alert.tag = "a"
        alert.velocity = 5
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(alert), as: UTF8.self)
        #expect(json == #"{"co_tags":["b"],"kind":"hashtag_burst","message":"m","sample_post_ids":["1"],"tag":"a","time":12,"velocity":5}"#)
        #expect(try JSONDecoder().decode(Alert.self, from: Data(json.utf8)) == alert)
    }
}
