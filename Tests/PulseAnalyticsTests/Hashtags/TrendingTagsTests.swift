import Foundation
import Testing
@testable import PulseAnalytics

@Suite struct TrendingTagsTests {
    @Test func risingTagRanksAboveSteadyOne() throws {
        var trending = TrendingTags()
        let start = 1_700_000_000.0
        // "steady" posts once every 10 s for two hours; "rising" starts in the last 5 minutes.
        for second in stride(from: 0.0, to: 7_200, by: 10) {
            trending.add(tags: ["steady"], compound: 0.5, postID: nil, at: start + second)
        }
        for second in stride(from: 6_900.0, to: 7_200, by: 5) {
            trending.add(tags: ["rising"], compound: -0.4, postID: "p\(Int(second))", at: start + second)
        }
        let now = start + 7_200
        let top = trending.top(2, at: now)
        #expect(top.map(\.tag) == ["rising", "steady"])
        let rising = try #require(trending.stats(for: "rising", at: now))
        let steady = try #require(trending.stats(for: "steady", at: now))
        #expect(rising.velocity > 4 && abs(steady.velocity - 1) < 0.1)
        #expect(abs(steady.currentRate - 0.1) < 0.02)
        #expect(abs(try #require(rising.sentiment) + 0.4) < 1e-9)
        #expect(trending.samplePostIDs(for: "rising") == ["p7185", "p7190", "p7195"])
    }

    @Test func brandNewTagHasFiniteVelocityAndVolumeFloorHidesIt() throws {
        var trending = TrendingTags()
        trending.add(tags: ["once"], compound: 0, postID: nil, at: 100)
        let stats = try #require(trending.stats(for: "once", at: 100))
        #expect(stats.velocity.isFinite && stats.velocity > 1)
        #expect(trending.top(10, at: 100).isEmpty)
    }

    @Test func memoryStaysFlatUnderMillionsOfDistinctTags() {
        let distinct = ProcessInfo.processInfo.environment["PULSE_TRENDING_DISTINCT"].flatMap(Int.init) ?? 3_000_000
        var configuration = TrendingTags.Configuration()
        configuration.capacity = 10_000
        var trending = TrendingTags(configuration: configuration)
        var reservedAfterFill = 0
        var single = [""], pair = ["popular", ""]
        for index in 0..<distinct {
            // A popular tag every 10th post keeps its place while millions of one-off tags pass.
            if index % 10 == 0 {
                pair[1] = String(index)
                trending.add(tags: pair, compound: 0, postID: nil, at: Double(index) / 1_000)
            } else {
                single[0] = String(index)
                trending.add(tags: single, compound: 0, postID: nil, at: Double(index) / 1_000)
            }
            if index == 2 * configuration.capacity { reservedAfterFill = trending.reservedElements }
        }
        #expect(trending.trackedCount == configuration.capacity)
        #expect(trending.reservedElements == reservedAfterFill)
        #expect(trending.reservedElements < 2 * configuration.capacity + 64)
        #expect(trending.topByCount(1, at: Double(distinct) / 1_000).first?.tag == "popular")
    }
}
