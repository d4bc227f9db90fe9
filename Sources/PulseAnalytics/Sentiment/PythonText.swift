/// Character classes of Python 3's `str` methods that VADER relies on: `str.split()` /
/// `str.strip()` whitespace and `string.punctuation`. A namespace of pure functions.
enum PythonText {
    /// True for the code points Python's `str.isspace()` accepts (Unicode 14, as in Python 3.11).
    @inline(__always)
    static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029,
            0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// True for the 32 ASCII characters of Python's `string.punctuation`.
    @inline(__always)
    static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte)
            || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// `line.strip()`: the scalars of `line` without leading and trailing whitespace.
    static func stripped(_ line: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        var start = line.startIndex
        var end = line.endIndex
        while start < end && isWhitespace(line[start].value) { start = line.index(after: start) }
        while end > start && isWhitespace(line[line.index(before: end)].value) { end = line.index(before: end) }
        return line[start..<end]
    }

    /// `text.rstrip('\n').split('\n')` over Unicode scalars (a `\r` stays part of its line).
    static func lines(_ text: String) -> [Substring.UnicodeScalarView] {
        var scalars = Substring(text).unicodeScalars
        while scalars.last == "\n" { scalars.removeLast() }
        return scalars.split(separator: "\n", omittingEmptySubsequences: false)
    }
}
