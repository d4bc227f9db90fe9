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

    /// Calls `body` for each line of `text.rstrip('\n').split('\n')` with its 1-based number,
    /// whether it was empty, and the first two tab-separated fields of `line.strip()` (the
    /// second is nil when the stripped line has no tab).
    static func forEachLine(
        in text: String,
        _ body: (_ number: Int, _ isEmpty: Bool, _ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>?) throws -> Void
    ) rethrows {
        var text = text
        try text.withUTF8 { bytes in
            var end = bytes.count
            while end > 0 && bytes[end - 1] == 0x0A { end -= 1 }
            var lineStart = 0
            var number = 1
            while true {
                var lineEnd = lineStart
                while lineEnd < end && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let (start, stop) = strippedRange(bytes, lineStart, lineEnd)
                var tab = start
                while tab < stop && bytes[tab] != 0x09 { tab += 1 }
                var second: UnsafeBufferPointer<UInt8>?
                if tab < stop {
                    var secondEnd = tab + 1
                    while secondEnd < stop && bytes[secondEnd] != 0x09 { secondEnd += 1 }
                    second = UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<secondEnd])
                }
                try body(number, lineEnd == lineStart, UnsafeBufferPointer(rebasing: bytes[start..<tab]), second)
                guard lineEnd < end else { break }
                lineStart = lineEnd + 1
                number += 1
            }
        }
    }

    /// `start..<end` without leading and trailing whitespace (Python's `str.strip()`).
    private static func strippedRange(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var start = start
        var end = end
        while start < end {
            let (scalar, length) = UTF8Decoding.scalar(in: bytes, at: start)
            guard isWhitespace(scalar) else { break }
            start += length
        }
        while end > start {
            var scalarStart = end - 1
            while scalarStart > start && bytes[scalarStart] & 0xC0 == 0x80 { scalarStart -= 1 }
            let (scalar, length) = UTF8Decoding.scalar(in: bytes, at: scalarStart)
            guard scalarStart + length == end, isWhitespace(scalar) else { break }
            end = scalarStart
        }
        return (start, end)
    }
}
