/// Minimal UTF-8 decoding on byte buffers for the sentiment hot path (`firstNonASCII` is
/// public for other byte scanners). A namespace of pure
/// functions; malformed or truncated sequences decode as U+FFFD, one byte at a time.
public enum UTF8Decoding {
    /// The code point starting at `index` and its length in bytes.
    @inline(__always)
    static func scalar(in text: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(text[index])
        if lead < 0x80 { return (lead, 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= text.count else { return (0xFFFD, 1) }
        var value = lead & (0x7F >> UInt32(length))
        for offset in 1..<length {
            let byte = UInt32(text[index + offset])
            guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            value = value << 6 | (byte & 0x3F)
        }
        return (value, length)
    }

    /// Index of the first byte at or after `start` that is not ASCII (or `text.count`),
    /// checking eight bytes at a time.
    @inline(__always)
    public static func firstNonASCII(in text: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int {
        var index = start
        let raw = UnsafeRawPointer(text.baseAddress!)
        while index + 8 <= text.count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < text.count && text[index] < 0x80 { index += 1 }
        return index
    }
}
