import PulseHub
import Testing

/// A short run of the seeded fuzz harness (`pulse fuzz` runs the long ones).
@Suite struct ParserFuzzTests {
    @Test func twentyThousandMutatedInputsNeitherCrashNorChangeOnReencoding() {
        var fuzzer = ParserFuzzer(seed: 7)
        let report = fuzzer.run(20_000)
        #expect(report.runs == 20_000)
        #expect(report.inconsistencyCount == 0, "\(report.inconsistencies.prefix(3).map { "\($0.target): \($0.why)" })")
        // The mutations must reach the accepting paths of every parser, not only the error paths.
        for target in ParserFuzzer.Target.allCases {
            #expect((report.accepted[target] ?? 0) > 100, "\(target) accepted only \(report.accepted[target] ?? 0)")
            #expect((report.rejected[target] ?? 0) > 100, "\(target) rejected only \(report.rejected[target] ?? 0)")
        }
    }

    @Test func sameSeedSameInputs() {
        var first = ParserFuzzer(seed: 99)
        var second = ParserFuzzer(seed: 99)
        let (a, b) = (first.run(2000), second.run(2000))
        #expect(a.accepted == b.accepted)
        #expect(a.rejected == b.rejected)
    }

    @Test func mutatorProducesHostileShapes() {
        var mutator = FuzzMutator(seed: 3)
        let seed = Array(#"{"text":"hi"}"#.utf8)
        var sawInvalidUTF8 = false, sawDeepNesting = false, sawTruncation = false
        for _ in 0..<2000 {
            let output = mutator.mutate(seed, other: seed)
            if String(validating: output, as: UTF8.self) == nil { sawInvalidUTF8 = true }
            if output.filter({ $0 == UInt8(ascii: "[") }).count > 50 { sawDeepNesting = true }
            if output.count < seed.count { sawTruncation = true }
        }
        #expect(sawInvalidUTF8 && sawDeepNesting && sawTruncation)
    }

    /// Found by `pulse fuzz --seed 20261125`: "##Swift" normalised to "#swift" (not idempotent)
    /// and "#" to an empty tag that the parser itself rejects when sent again.
    @Test func hashtagNormalisationIsIdempotentAndNeverEmpty() throws {
        let request = try SubscriptionRequest.parse(Array(###"{"op":"subscribe","filter":{"hashtags":["##Swift"]}}"###.utf8))
        #expect(request.key.filter.hashtags == ["swift"])
        #expect(throws: SubscriptionRequest.Invalid.self) {
            try SubscriptionRequest.parse(Array(##"{"op":"subscribe","filter":{"hashtags":["#"]}}"##.utf8))
        }
    }
}
