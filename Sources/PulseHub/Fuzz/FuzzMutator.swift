import PulseAnalytics

/// Turns valid inputs into hostile ones, reproducibly from a seed: byte flips, insertions,
/// deletions, truncation, splicing two inputs, deep nesting, huge numbers and invalid UTF-8.
/// A value type owned by one fuzzing loop.
public struct FuzzMutator {
    private var random: SplitMix64

    public init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// Fragments that parsers treat specially.
    static let tokens: [[UInt8]] = [
        "1e400", "-1e400", "123456789012345678901234567890", "0.0000000000000000000001", "-0", "1E+2", "NaN", "Infinity",
        "\\u0000", "\\ud800", "\\udc00\\ud800", "\\uFFFF", "\"", "\\", ",", ":", "{", "}", "[", "]", "null", "true", "\"\"",
        "\r\n", "\n", "\"\"\"", "#", "##", "\u{FEFF}", "\u{1F600}", "e\u{301}",
    ].map { Array($0.utf8) }

    /// Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, too-large, truncated.
    static let invalidUTF8: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82], [0xF0]]

    public mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(random.next() % UInt64(bound)) }

    /// One to four mutations of `input`; `other` is a second input to splice from.
    public mutating func mutate(_ input: [UInt8], other: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) { bytes = mutateOnce(bytes, other: other) }
        return bytes
    }

    private mutating func mutateOnce(_ input: [UInt8], other: [UInt8]) -> [UInt8] {
        var bytes = input
        let position = below(bytes.count + 1)
        switch below(10) {
        case 0 where !bytes.isEmpty:  // flip one bit
            bytes[min(position, bytes.count - 1)] ^= UInt8(1 << below(8))
        case 1 where !bytes.isEmpty:  // random byte
            bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next())
        case 2:  // insert random bytes
            bytes.insert(contentsOf: (0...below(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: position)
        case 3 where !bytes.isEmpty:  // delete a range
            let end = min(bytes.count, position + 1 + below(16))
            bytes.removeSubrange(min(position, bytes.count - 1)..<end)
        case 4:  // truncate
            bytes = Array(bytes.prefix(position))
        case 5:  // splice: our head, the other's tail
            bytes = Array(bytes.prefix(position)) + Array(other.suffix(below(other.count + 1)))
        case 6:  // deep nesting
            let depth = 1 + below(200)
            let open: [UInt8] = below(2) == 0 ? Array("[".utf8) : Array("{\"a\":".utf8)
            let close: [UInt8] = open.count == 1 ? Array("]".utf8) : Array("}".utf8)
            let nested = Array([[UInt8]](repeating: open, count: depth).joined()) + Array("1".utf8)
                + Array([[UInt8]](repeating: close, count: below(2) == 0 ? depth : below(depth + 1)).joined())
            bytes.insert(contentsOf: nested, at: position)
        case 7:  // a special token
            bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: position)
        case 8:  // invalid UTF-8
            bytes.insert(contentsOf: Self.invalidUTF8[below(Self.invalidUTF8.count)], at: position)
        default:  // duplicate a chunk (grows lists, repeats keys)
            guard !bytes.isEmpty else { break }
            let start = min(position, bytes.count - 1)
            let chunk = bytes[start..<min(bytes.count, start + 1 + below(64))]
            bytes.insert(contentsOf: chunk, at: start)
        }
        return bytes
    }
}
