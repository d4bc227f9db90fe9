import PulseAnalytics

/// Writes JSON bytes through a raw pointer into memory the caller has sized beforehand (no
/// capacity checks, no intermediate arrays), for the per-line output of `pulse analyze`.
/// Owned by one call on one thread; the memory must outlive it.
struct JSONByteWriter {
    private(set) var cursor: UnsafeMutablePointer<UInt8>

    init(_ start: UnsafeMutablePointer<UInt8>) { cursor = start }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        cursor.pointee = value
        cursor += 1
    }

    /// Moves past `count` bytes the caller has already put at the cursor.
    @inline(__always)
    mutating func advance(by count: Int) { cursor += count }

    @inline(__always)
    mutating func bytes(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        cursor.update(from: base, count: buffer.count)
        cursor += buffer.count
    }

    @inline(__always)
    mutating func literal(_ text: StaticString) {
        cursor.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        cursor += text.utf8CodeUnitCount
    }

    /// Most bytes `string(_:)` writes for `count` input bytes (a control byte becomes `\u00XX`).
    static func maxStringBytes(_ count: Int) -> Int { 6 * count + 2 }

    /// Exactly how many bytes `string(_:)` writes for `text`.
    static func stringBytes(_ text: String) -> Int {
        text.utf8.reduce(2) { total, byte in
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x0D, 0x09, 0x08, 0x0C: return total + 2
            case 0..<0x20: return total + 6
            default: return total + 1
            }
        }
    }

    /// `bytes` (valid UTF-8) as a JSON string, escaped as Python's `json.dumps` escapes it.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        var copiedUpTo = 0
        var index = 0
        while index < bytes.count {
            index = AnalysisJSON.firstByteToEscape(bytes, from: index)
            guard index < bytes.count else { break }
            let value = bytes[index]
            self.bytes(UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<index]))
            index += 1
            copiedUpTo = index
            byte(UInt8(ascii: "\\"))
            switch value {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte(value)
            case 0x0A: byte(UInt8(ascii: "n"))
            case 0x0D: byte(UInt8(ascii: "r"))
            case 0x09: byte(UInt8(ascii: "t"))
            case 0x08: byte(UInt8(ascii: "b"))
            case 0x0C: byte(UInt8(ascii: "f"))
            default:
                literal("u00")
                byte(Self.hexDigits[Int(value >> 4)])
                byte(Self.hexDigits[Int(value & 15)])
            }
        }
        self.bytes(UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<bytes.count]))
        byte(UInt8(ascii: "\""))
    }

    /// Most bytes `sentiment(_:)` writes.
    static let maxSentimentBytes = 160

    /// `{"neg":…,"neu":…,"pos":…,"compound":…,"label":"…"}` with each score in its shortest
    /// round-trip form.
    mutating func sentiment(_ scores: SentimentScores) {
        literal(#"{"neg":"#)
        share(scores.neg)
        literal(#","neu":"#)
        share(scores.neu)
        literal(#","pos":"#)
        share(scores.pos)
        literal(#","compound":"#)
        compound(scores.compound)
        switch scores.label {
        case .negative: literal(#","label":"negative"}"#)
        case .neutral: literal(#","label":"neutral"}"#)
        case .positive: literal(#","label":"positive"}"#)
        }
    }

    /// A share rounded to 3 decimals in 0...1, from a table of its 1,001 possible forms.
    @inline(__always)
    private mutating func share(_ value: Double) {
        guard value.sign == .plus, value <= 1 else { return general(value, decimals: 3) }
        // The nearest thousandth without a libm call; any `units` passing the check is right.
        let units = Int(value * 1_000 + 0.5)
        guard Double(units) / 1_000 == value else { return general(value, decimals: 3) }
        let entry = Self.shareForms.withUnsafeBufferPointer { $0[units] }
        // One 8-byte store (little-endian: the text first); the caller's room covers the rest.
        UnsafeMutableRawPointer(cursor).storeBytes(of: entry.littleEndian, as: UInt64.self)
        cursor += Int(entry >> 56)
    }

    /// A compound score rounded to 4 decimals (its digits computed; 20,001 forms make too big a table).
    @inline(__always)
    private mutating func compound(_ value: Double) {
        guard value.magnitude <= 1 else { return general(value, decimals: 4) }
        // The nearest ten-thousandth without a libm call; any `units` passing the check is right.
        let units = Int(value.magnitude * 10_000 + 0.5)
        guard Double(units) / 10_000 == value.magnitude else { return general(value, decimals: 4) }
        if value.sign == .minus { byte(UInt8(ascii: "-")) }
        if units == 10_000 {
            literal("1.0")
            return
        }
        literal("0.")
        // The four digits in one 8-byte store (divisions by constants only); the trailing
        // zeros are left out by not counting them (but one digit always stays: 0 -> "0.0").
        let digits = UInt64(0x30 + units / 1_000) | UInt64(0x30 + units / 100 % 10) << 8
            | UInt64(0x30 + units / 10 % 10) << 16 | UInt64(0x30 + units % 10) << 24
        UnsafeMutableRawPointer(cursor).storeBytes(of: digits.littleEndian, as: UInt64.self)
        cursor += units % 1_000 == 0 ? 1 : units % 100 == 0 ? 2 : units % 10 == 0 ? 3 : 4
    }

    /// Any other value (not produced by VADER's rounding): as `AnalysisJSON.appendRounded` writes it.
    @inline(never)
    private mutating func general(_ value: Double, decimals: Int) {
        var text: [UInt8] = []
        AnalysisJSON.appendRounded(value, decimals: decimals, to: &text)
        text.withUnsafeBufferPointer { bytes($0) }
    }

    /// For each k in 0...1000, the bytes of k/1000's shortest form (at most 5) in the low bytes
    /// and their count in the top byte.
    private static let shareForms: [UInt64] = (0...1_000).map { units in
        var text: [UInt8] = []
        AnalysisJSON.appendRounded(Double(units) / 1_000, decimals: 3, to: &text)
        var entry = UInt64(text.count) << 56
        for (offset, value) in text.enumerated() { entry |= UInt64(value) << (8 * UInt64(offset)) }
        return entry
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
