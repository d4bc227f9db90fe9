/// Python's `isupper()` view of each code point (upper case, lower or title case, or
/// uncased), precomputed for the Basic Multilingual Plane and the main emoji block so that
/// scoring does not search the standard library's property tables per character.
/// Built once per process, on the first non-ASCII letter scored; read-only afterwards and
/// safe to share across threads.
enum UnicodeCaseTable {
    static let uncased: UInt8 = 0, upper: UInt8 = 1, lowerOrTitle: UInt8 = 2

    /// Large blocks without any cased letter (CJK ideographs, kana, Hangul syllables,
    /// surrogates, private use), left uncased without asking; a test checks this claim
    /// against the standard library for every code point of the table.
    static let uncasedBlocks: [Range<UInt32>] = [
        0x3040..<0x3100, 0x3400..<0x4DC0, 0x4E00..<0xA000, 0xAC00..<0xD7A4, 0xD800..<0xF900,
    ]

    /// Classes of U+0000..U+FFFF, then of U+1F000..U+1FFFF.
    static let classes: [UInt8] = {
        var classes = [UInt8](repeating: uncased, count: 0x10000 + 0x1000)
        var value: UInt32 = 0
        while value < 0x10000 {
            if let block = uncasedBlocks.first(where: { $0.contains(value) }) {
                value = block.upperBound
                continue
            }
            classes[Int(value)] = computed(value)
            value += 1
        }
        for offset in 0..<0x1000 { classes[0x10000 + offset] = computed(UInt32(0x1F000 + offset)) }
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
