/// Python's `isupper()` view of each code point (upper case, lower or title case, or
/// uncased), precomputed for the Basic Multilingual Plane and the main emoji block so that
/// scoring does not search the standard library's property tables per character.
/// Built once per process, on the first non-ASCII letter scored; read-only afterwards and
/// safe to share across threads.
enum UnicodeCaseTable {
    static let uncased: UInt8 = 0, upper: UInt8 = 1, lowerOrTitle: UInt8 = 2

    /// The long runs of code points without any cased letter (most of the table: scripts
    /// without case, CJK, Hangul, surrogates, private use, symbols and emoji), left uncased
    /// without asking; a test checks this claim against the standard library for every code
    /// point of the table.
    static let uncasedBlocks: [Range<UInt32>] = [
        0x0589..<0x10A0, 0x1100..<0x13A0, 0x13FE..<0x1C80, 0x2185..<0x24B6, 0x24EA..<0x2C00,
        0x2D2E..<0xA640, 0xA7FB..<0xAB30, 0xABC0..<0xFB00, 0xFB18..<0xFF21,
        0x1F000..<0x1F130, 0x1F18A..<0x20000,
    ]

    /// Classes of U+0000..U+FFFF, then of U+1F000..U+1FFFF.
    static let classes: [UInt8] = {
        var classes = [UInt8](repeating: uncased, count: 0x10000 + 0x1000)
        for (range, offset) in [(UInt32(0)..<0x10000, 0), (UInt32(0x1F000)..<0x20000, 0x10000)] {
            var value = range.lowerBound
            while value < range.upperBound {
                if let block = uncasedBlocks.first(where: { $0.contains(value) }) {
                    value = block.upperBound
                    continue
                }
                classes[Int(value - range.lowerBound) + offset] = computed(value)
                value += 1
            }
        }
        return classes
    }()

    /// The class of `scalar`.
    @inline(__always)
    static func caseClass(of scalar: UInt32) -> UInt8 {
        if scalar < 0x10000 { return classes[Int(scalar)] }
        if scalar &- 0x1F000 < 0x1000 { return classes[Int(scalar - 0x1F000) + 0x10000] }
        return computed(scalar)
    }

    /// The class from the standard library's Unicode properties. Out of line: the property
    /// types are resilient and would make every caller pay for their set-up.
    @inline(never)
    static func computed(_ scalar: UInt32) -> UInt8 {
        guard let properties = Unicode.Scalar(scalar)?.properties else { return uncased }
        if properties.isLowercase || properties.generalCategory == .titlecaseLetter { return lowerOrTitle }
        return properties.isUppercase ? upper : uncased
    }
}
