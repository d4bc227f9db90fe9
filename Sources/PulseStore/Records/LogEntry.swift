/// One entry of the cluster log (one Redis Stream entry's bytes): a scored ingest batch with the
/// node and request that wrote it, a tick that cuts a delta, or an engagement model going live.
/// The binary form starts with `P`, the kind and a CRC32C of everything after the first six
/// bytes, so a damaged entry is refused on every node alike. Applying entries in log order is
/// what makes every node's state the same (`AnalyticsStore.apply(log:)`). A plain value.
public enum LogEntry: Sendable, Equatable {
    /// A batch as `ScoredRecord` bytes, and who is waiting for its receipt.
    case batch(origin: Origin, record: ScoredRecord)
    /// Cut a delta at `time` (the leader's clock); `node` wrote it.
    case tick(time: Double, node: String)
    /// The engagement model `model` (its JSON file bytes) goes live; `node` trained it.
    case model(node: String, model: [UInt8])

    /// The node and its request number: how a node finds the receipt of its own batch.
    public struct Origin: Sendable, Hashable {
        public let node: String
        public let request: UInt64

        public init(node: String, request: UInt64) {
            self.node = node
            self.request = request
        }
    }

    static let magic = UInt8(ascii: "P")
    static let headerSize = 6
    private static let batchKind: UInt8 = 1, tickKind: UInt8 = 2, modelKind: UInt8 = 3

    /// A batch entry from a record already encoded (`ScoredRecord.encoded()`), without decoding it.
    public static func batch(origin: Origin, encodedRecord: [UInt8]) -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(headerSize + origin.node.utf8.count + 12 + encodedRecord.count)
        writer.bytes.append(contentsOf: [magic, batchKind, 0, 0, 0, 0])
        writer.string(origin.node)
        writer.varint(origin.request)
        writer.bytes.append(contentsOf: encodedRecord)
        return sealed(writer.bytes)
    }

    /// The binary form.
    public func encoded() -> [UInt8] {
        switch self {
        case .batch(let origin, let record):
            return Self.batch(origin: origin, encodedRecord: record.encoded())
        case .tick(let time, let node):
            var writer = ByteWriter()
            writer.bytes.append(contentsOf: [Self.magic, Self.tickKind, 0, 0, 0, 0])
            writer.double(time)
            writer.string(node)
            return Self.sealed(writer.bytes)
        case .model(let node, let model):
            var writer = ByteWriter()
            writer.bytes.reserveCapacity(Self.headerSize + node.utf8.count + model.count + 8)
            writer.bytes.append(contentsOf: [Self.magic, Self.modelKind, 0, 0, 0, 0])
            writer.string(node)
            writer.bytes.append(contentsOf: model)
            return Self.sealed(writer.bytes)
        }
    }

    /// Decodes `encoded()` output.
    /// - Throws: a description of what is wrong (bad magic, kind, checksum or body).
    public init(decoding bytes: [UInt8]) throws {
        guard bytes.count >= Self.headerSize, bytes[0] == Self.magic else {
            throw ByteReader.Malformed(description: "log entry: not a Pulse entry (\(bytes.count) bytes)")
        }
        let stored = UInt32(bytes[2]) | UInt32(bytes[3]) << 8 | UInt32(bytes[4]) << 16 | UInt32(bytes[5]) << 24
        let computed = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[Self.headerSize...])) }
        guard stored == computed else { throw ByteReader.Malformed(description: "log entry: checksum mismatch") }
        var reader = ByteReader(bytes: bytes, position: Self.headerSize)
        switch bytes[1] {
        case Self.batchKind:
            let origin = Origin(node: try reader.string(), request: try reader.varint())
            self = .batch(origin: origin, record: try ScoredRecord(decoding: Array(bytes[reader.position...])))
        case Self.tickKind:
            let time = try reader.double()
            self = .tick(time: time, node: try reader.string())
            guard reader.isAtEnd else { throw ByteReader.Malformed(description: "log entry: bytes after a tick") }
        case Self.modelKind:
            let node = try reader.string()
            self = .model(node: node, model: Array(bytes[reader.position...]))
        case let kind:
            throw ByteReader.Malformed(description: "log entry: unknown kind \(kind)")
        }
    }

    /// `bytes` with the checksum of its body written into the header.
    private static func sealed(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        let checksum = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[headerSize...])) }
        for index in 0..<4 { bytes[2 + index] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt32(index))) }
        return bytes
    }
}
