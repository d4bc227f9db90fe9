/// Parses the valences of `vader_lexicon.txt` (plain decimals such as `-2.5` or `1`) straight
/// from UTF-8 bytes, giving the same double as Python's `float()` (the correctly rounded value).
/// A namespace of pure functions.
enum DecimalParsing {
    /// The double nearest to the decimal number in `bytes`, or nil when it is not a finite number.
    /// Plain decimals of up to 15 significant digits and 22 fraction digits are computed
    /// directly as `mantissa / 10^k` (both exact, so one correctly rounded division); anything
    /// else goes through the standard library's parser.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = parsePlain(bytes) { return value }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// `-?digits(.digits)?` with few digits, or nil for every other form.
    private static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        guard index < bytes.count else { return nil }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if byte &- 0x30 < 10 {
                mantissa = mantissa * 10 + UInt64(byte &- 0x30)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else {
                return nil
            }
            index += 1
        }
        // "1." and ".5" are valid for Python but rare: leave them (and long numbers) to the general parser.
        guard digits > 0, digits <= 15, fractionDigits <= 22, bytes.last != UInt8(ascii: "."),
            bytes[negative ? 1 : 0] != UInt8(ascii: ".")
        else { return nil }
        let magnitude = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -magnitude : magnitude
    }

    /// 10^0 ... 10^22, all exactly representable.
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
