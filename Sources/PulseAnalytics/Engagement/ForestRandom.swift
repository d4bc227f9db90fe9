/// A small seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64) used for
/// bootstrap samples, feature sampling and fold shuffling. A value type owned by one caller;
/// the same seed always gives the same sequence on every platform.
public struct ForestRandom: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Seeds the generator; the four state words come from SplitMix64 so that any seed works.
    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// A generator for one member of a family (e.g. tree `index` of a forest), independent of
    /// how many members are drawn before it.
    public init(seed: UInt64, stream index: Int) {
        var base = ForestRandom(seed: seed ^ 0x5851_F42D_4C95_7F2D)
        var value = base.next()
        value ^= UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03
        self.init(seed: value)
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (bound > 0), without modulo bias.
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next(upperBound: UInt64(bound)))
    }

    private func rotate(_ value: UInt64, _ amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}
