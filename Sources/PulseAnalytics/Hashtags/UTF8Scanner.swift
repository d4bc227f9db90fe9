/// Decodes and classifies Unicode scalars straight from UTF-8 bytes for the hot tokenising
/// paths (hashtags, word-cloud terms, TF-IDF tokens). Stateless; safe to use from any thread.
enum UTF8Scanner {
    /// The scalar starting at `index` of valid UTF-8 `bytes` and its length in bytes.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        var value: UInt32
        let length: Int
        if lead < 0xE0 {
            value = UInt32(lead & 0x1F); length = 2
        } else if lead < 0xF0 {
            value = UInt32(lead & 0x0F); length = 3
        } else {
            value = UInt32(lead & 0x07); length = 4
        }
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// True for a Unicode letter (general category L*).
    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let v = scalar.value | 0x20
            return v >= 0x61 && v <= 0x7A
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// True for a combining mark (general category M*), which belongs to the letter before it.
    @inline(__always)
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x300 { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// True for a scalar with a Unicode numeric value (decimal digits, other numerals).
    @inline(__always)
    static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.numericType != nil
    }

    /// Python's `\w` for `str` patterns: alphanumeric (letter or numeric) or `_`. Marks are not
    /// word characters there, exactly as in Python's `re`.
    @inline(__always)
    static func isPythonWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || isLetter(scalar) || isNumeric(scalar)
    }

    /// ASCII or Unicode white space.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    /// True when the whitespace-delimited word starting at `index` is a URL
    /// (`scheme://…` or `www.…`), so that nothing inside it is taken as a tag or a term.
    static func startsURL(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var position = index
        // "www." prefix.
        if bytes.count - index >= 4, bytes[index] | 0x20 == 0x77, bytes[index + 1] | 0x20 == 0x77,
           bytes[index + 2] | 0x20 == 0x77, bytes[index + 3] == 0x2E {
            return true
        }
        // A scheme of ASCII letters, digits, '+', '-', '.' followed by "://".
        while position < bytes.count {
            let byte = bytes[position]
            let isSchemeByte = (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2B || byte == 0x2D || byte == 0x2E
            if !isSchemeByte { break }
            position += 1
        }
        return position > index && bytes.count - position >= 3 && bytes[position] == 0x3A
            && bytes[position + 1] == 0x2F && bytes[position + 2] == 0x2F
    }

    /// The index just past the whitespace-delimited word that contains `index`.
    static func endOfWord(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var position = index
        while position < bytes.count {
            let (scalar, length) = scalar(in: bytes, at: position)
            if isWhitespace(scalar) { break }
            position += length
        }
        return position
    }

    /// A lower-cased String of `bytes[range]`; ASCII is lowered byte by byte without Unicode tables.
    static func lowercasedString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var isASCII = true
        for index in range where bytes[index] >= 0x80 { isASCII = false; break }
        if isASCII {
            return String(unsafeUninitializedCapacity: range.count) { buffer in
                for (offset, index) in range.enumerated() {
                    let byte = bytes[index]
                    buffer[offset] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                return range.count
            }
        }
        return pythonLowercased(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
    }

    /// Unicode full lower-casing as Python's `str.lower()` does it: each scalar's lower-case
    /// mapping, except that a capital sigma becomes final `ς` when it ends a word (a cased
    /// letter before it and none after it, skipping case-ignorable characters on both sides),
    /// which Swift's `lowercased()` does not do.
    static func pythonLowercased(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains("\u{03A3}") else { return text.lowercased() }
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" {
                result.append(isFinalSigma(scalars, at: index) ? "\u{03C2}" : "\u{03C3}")
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(result)
    }

    /// The Unicode Final_Sigma context of the sigma at `index`.
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var before = index - 1
        while before >= 0 && scalars[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0 && scalars[before].properties.isCased else { return false }
        var after = index + 1
        while after < scalars.count && scalars[after].properties.isCaseIgnorable { after += 1 }
        return after == scalars.count || !scalars[after].properties.isCased
    }
}

extension String {
    /// Runs `body` over the string's UTF-8 bytes without copying when the storage is contiguous.
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8 { body($0) }
    }
}
