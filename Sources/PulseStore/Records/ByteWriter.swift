/// Appends a compact binary encoding (LEB128 varints, length-prefixed UTF-8, little-endian
/// doubles) to a byte array. A value owned by one encoder.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Reads what `ByteWriter` wrote, refusing truncated or malformed input. A value owned by one decoder.
struct ByteReader {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    mutating func byte() throws(Malformed) -> UInt8 {
        guard position < bytes.count else { throw Malformed(description: "truncated at byte \(position)") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw Malformed(description: "varint too long at byte \(position)") }
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func double() throws(Malformed) -> Double {
        guard position + 8 <= bytes.count else { throw Malformed(description: "truncated double at byte \(position)") }
        var bits: UInt64 = 0
        for index in (0..<8).reversed() { bits = bits << 8 | UInt64(bytes[position + index]) }
        position += 8
        return Double(bitPattern: bits)
    }

    mutating func string() throws(Malformed) -> String {
        let count = Int(try varint())
        guard count >= 0, position + count <= bytes.count else { throw Malformed(description: "truncated string at byte \(position)") }
        defer { position += count }
        let text: String? = bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[position..<(position + count)])
            // ASCII (the common case) is valid UTF-8 as it is; only other text needs validating.
            if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
            return String(validating: slice, as: UTF8.self)
        }
        guard let text else { throw Malformed(description: "invalid UTF-8 at byte \(position)") }
        return text
    }
}
