import Testing

@Test func PulseHubTestsBuilds() { #expect(Bool(true)) }
