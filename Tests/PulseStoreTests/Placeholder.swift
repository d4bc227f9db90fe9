import Testing

@Test func PulseStoreTestsBuilds() { #expect(Bool(true)) }
