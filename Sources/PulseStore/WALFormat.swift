/// The on-disk layout of write-ahead-log segments. A stateless namespace, safe from any thread.
///
/// A segment is the file `wal-<16 lowercase hex digits of its first sequence>.log`:
///
///     segment header, 16 bytes:
///       0  4  magic "PWAL" (0x50 0x57 0x41 0x4C)
///       4  4  format version, UInt32 little-endian, currently 1
///       8  8  sequence number of the segment's first record, UInt64 little-endian
///     then records back to back, each 16 bytes of header + payload:
///       0  4  payload length N, UInt32 little-endian (at most `maximumPayloadSize`)
///       4  4  CRC-32C of the N payload bytes followed by the 8 sequence bytes, UInt32 LE
///       8  8  sequence number, UInt64 little-endian (previous record's + 1)
///      16  N  payload (opaque to the log)
///
/// Sequence numbers start at 1 and are the "WAL position": a snapshot covering sequence `S`
/// contains the effect of every record up to and including `S`.
public enum WALFormat {
    public static let segmentHeaderSize = 16
    public static let recordHeaderSize = 16
    public static let version: UInt32 = 1
    public static let maximumPayloadSize = 256 << 20
    static let magic: [UInt8] = Array("PWAL".utf8)
    static let namePrefix = "wal-"
    static let nameSuffix = ".log"

    /// The file name of the segment whose first record has `sequence`.
    public static func segmentName(firstSequence sequence: UInt64) -> String {
        POSIXFile.name(prefix: namePrefix, sequence: sequence, suffix: nameSuffix)
    }

    /// The 16-byte segment header.
    static func segmentHeader(firstSequence: UInt64) -> [UInt8] {
        var header = magic
        appendLittleEndian(version, to: &header)
        appendLittleEndian(firstSequence, to: &header)
        return header
    }

    /// The record's CRC: payload CRC-32C continued over the little-endian sequence bytes.
    static func recordChecksum(payloadChecksum: UInt32, sequence: UInt64) -> UInt32 {
        withUnsafeBytes(of: sequence.littleEndian) { CRC32C.checksum($0, continuing: payloadChecksum) }
    }

    /// Appends one encoded record to `buffer`; `payloadChecksum` is `CRC32C.checksum(payload)`.
    static func appendRecord(_ payload: [UInt8], sequence: UInt64, payloadChecksum: UInt32, to buffer: inout [UInt8]) {
        appendLittleEndian(UInt32(payload.count), to: &buffer)
        appendLittleEndian(recordChecksum(payloadChecksum: payloadChecksum, sequence: sequence), to: &buffer)
        appendLittleEndian(sequence, to: &buffer)
        buffer.append(contentsOf: payload)
    }

    static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    static func load<T: FixedWidthInteger>(_ type: T.Type, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// The first sequence stored in a segment header, or nil when the header is short or wrong.
    static func parseSegmentHeader(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard bytes.count >= segmentHeaderSize, bytes.prefix(4).elementsEqual(magic),
              load(UInt32.self, bytes, at: 4) == version else { return nil }
        return load(UInt64.self, bytes, at: 8)
    }

    /// Where and why a scan of a segment stopped before the end of the file.
    public enum Damage: Sendable, Equatable, CustomStringConvertible {
        case badSegmentHeader
        case shortRecordHeader(available: Int)
        case badLength(UInt32)
        case shortPayload(expected: Int, available: Int)
        case checksumMismatch(sequence: UInt64)
        case sequenceOutOfOrder(expected: UInt64, found: UInt64)

        public var description: String {
            switch self {
            case .badSegmentHeader: return "missing or invalid segment header"
            case let .shortRecordHeader(available): return "record header cut short (\(available) of 16 bytes)"
            case let .badLength(length): return "impossible record length \(length)"
            case let .shortPayload(expected, available):
                return "record payload cut short (\(available) of \(expected) bytes)"
            case let .checksumMismatch(sequence): return "CRC-32C mismatch in record \(sequence)"
            case let .sequenceOutOfOrder(expected, found): return "record sequence \(found) where \(expected) was expected"
            }
        }
    }

    /// The outcome of scanning one segment's bytes.
    struct ScanResult {
        /// Byte offset just past the last valid record (the segment header size when none).
        var validEnd: Int
        /// The sequence the next record would have.
        var nextSequence: UInt64
        /// Why the scan stopped before the end of the bytes, if it did.
        var damage: Damage?
    }

    /// Validates every record of a segment's `bytes` in order, calling `body` with each
    /// record's sequence and payload whose sequence is at least `from`.
    static func scan(
        _ bytes: UnsafeRawBufferPointer, from: UInt64,
        _ body: (UInt64, UnsafeRawBufferPointer) throws -> Void
    ) rethrows -> ScanResult {
        guard let first = parseSegmentHeader(bytes) else {
            return ScanResult(validEnd: 0, nextSequence: 0, damage: .badSegmentHeader)
        }
        var offset = segmentHeaderSize
        var expected = first
        while offset < bytes.count {
            let available = bytes.count - offset
            guard available >= recordHeaderSize else {
                return ScanResult(validEnd: offset, nextSequence: expected, damage: .shortRecordHeader(available: available))
            }
            let length = load(UInt32.self, bytes, at: offset)
            guard length <= maximumPayloadSize else {
                return ScanResult(validEnd: offset, nextSequence: expected, damage: .badLength(length))
            }
            guard available - recordHeaderSize >= Int(length) else {
                return ScanResult(validEnd: offset, nextSequence: expected,
                                  damage: .shortPayload(expected: Int(length), available: available - recordHeaderSize))
            }
            let stored = load(UInt32.self, bytes, at: offset + 4)
            let sequence = load(UInt64.self, bytes, at: offset + 8)
            let payload = UnsafeRawBufferPointer(rebasing: bytes[(offset + recordHeaderSize)..<(offset + recordHeaderSize + Int(length))])
            guard recordChecksum(payloadChecksum: CRC32C.checksum(payload), sequence: sequence) == stored else {
                return ScanResult(validEnd: offset, nextSequence: expected, damage: .checksumMismatch(sequence: sequence))
            }
            guard sequence == expected else {
                return ScanResult(validEnd: offset, nextSequence: expected,
                                  damage: .sequenceOutOfOrder(expected: expected, found: sequence))
            }
            if sequence >= from { try body(sequence, payload) }
            expected += 1
            offset += recordHeaderSize + Int(length)
        }
        return ScanResult(validEnd: offset, nextSequence: expected, damage: nil)
    }
}
