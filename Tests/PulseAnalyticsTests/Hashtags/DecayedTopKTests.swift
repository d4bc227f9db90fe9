import Testing
@testable import PulseAnalytics

@Suite struct DecayedTopKTests {
    @Test func countsDecayWithTheirHalfLife() throws {
        var topK = DecayedTopK<String>(capacity: 10, halfLives: SIMD4(100, .infinity, 50, 100))
        topK.add("a", weights: SIMD4(1, 1, 1, 0.5), at: 1_000)
        topK.add("a", weights: SIMD4(1, 1, 1, 0.5), at: 1_100)
        let entry = try #require(topK.entry(for: "a", at: 1_200))
        #expect(abs(entry.count - (0.25 + 0.5)) < 1e-12)
        #expect(abs(entry.channels[1] - 2) < 1e-12)
        #expect(abs(entry.channels[2] - (0.0625 + 0.25)) < 1e-12)
        #expect(abs(entry.channels[3] - 0.375) < 1e-12)
    }

    @Test func evictionInheritsTheMinimumAsError() throws {
        var topK = DecayedTopK<String>(capacity: 2, halfLives: SIMD4(.infinity, .infinity, .infinity, .infinity),
                                       inheritedChannels: SIMD4(1, 0, 1, 1))
        for _ in 0..<3 { topK.add("big", weights: SIMD4(1, 1, 1, 1), at: 0) }
        topK.add("small", weights: SIMD4(1, 1, 1, 1), at: 0)
        let (slot, admitted) = topK.add("new", weights: SIMD4(1, 1, 1, 1), at: 0)
        #expect(admitted)
        #expect(topK.slot(of: "small") == nil)
        let entry = topK.entry(atSlot: slot, at: 0)
        #expect(entry.key == "new" && entry.count == 2 && entry.error == 1)
        #expect(entry.channels[1] == 1 && entry.channels[2] == 2)
        #expect(topK.top(1, at: 0) { $0.count }.first?.entry.key == "big")
    }

    @Test func farFutureTimesRebaseWithoutOverflow() throws {
        var topK = DecayedTopK<String>(capacity: 4, halfLives: SIMD4(1, 1, 1, 1))
        topK.add("a", weights: SIMD4(1, 1, 1, 1), at: 0)
        topK.add("b", weights: SIMD4(1, 1, 1, 1), at: 10_000)
        topK.add("b", weights: SIMD4(1, 1, 1, 1), at: 10_001)
        let b = try #require(topK.entry(for: "b", at: 10_001))
        #expect(abs(b.count - 1.5) < 1e-12)
        #expect(try #require(topK.entry(for: "a", at: 10_001)).count == 0)
    }
}
