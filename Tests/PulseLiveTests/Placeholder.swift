import Testing

@Test func PulseLiveTestsBuilds() { #expect(Bool(true)) }
