import Testing

@Test func PulseAnalyticsTestsBuilds() { #expect(Bool(true)) }
