import PulseAnalytics

/// Everything a node in cluster mode needs to continue the log from a point: the live state, the
/// store's own numbering (delta offset, log position, the log's clock), the cached silhouette and
/// the live model, taken by the store right after a tick (so no change is pending). Every node
/// that applied the same entries holds an equal checkpoint, so one node's checkpoint can start
/// another (the snapshot kept in Redis). A plain value; encoded off the store actor.
public struct LogCheckpoint: Sendable {
    public var state: LiveState
    public var position: LogPosition
    public var deltaOffset: UInt64
    public var silhouette: Double?
    public var silhouetteAt: Double
    public var engagementTarget: String?
    public var modelReport: [UInt8]?
    /// The live model's file bytes (JSON), nil when no model was activated through the log.
    public var model: [UInt8]?
    /// The cluster epoch the positions belong to.
    public var epoch: UInt64

    static let version: UInt8 = 1

    public init(state: LiveState, position: LogPosition, deltaOffset: UInt64, silhouette: Double?, silhouetteAt: Double,
                engagementTarget: String?, modelReport: [UInt8]?, model: [UInt8]?, epoch: UInt64) {
        self.state = state
        self.position = position
        self.deltaOffset = deltaOffset
        self.silhouette = silhouette
        self.silhouetteAt = silhouetteAt
        self.engagementTarget = engagementTarget
        self.modelReport = modelReport
        self.model = model
        self.epoch = epoch
    }

    /// The binary form: version, epoch, position, numbering, model, then the state's snapshot bytes.
    /// - Throws: `StorageError.snapshotEncoding` when the state cannot be encoded.
    public func encoded() throws(StorageError) -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.append(Self.version)
        writer.varint(epoch)
        writer.string(position.lastEntryID)
        writer.varint(position.appliedEntries)
        writer.double(position.time)
        writer.double(position.lastTickTime)
        writer.double(position.deltaTime)
        writer.varint(deltaOffset)
        writer.double(silhouette ?? .nan)
        writer.double(silhouetteAt)
        writer.bytes.append(engagementTarget == nil ? 0 : 1)
        if let engagementTarget { writer.string(engagementTarget) }
        Self.optionalBytes(modelReport, into: &writer)
        Self.optionalBytes(model, into: &writer)
        writer.bytes.append(contentsOf: try state.encoded())
        return writer.bytes
    }

    /// Decodes `encoded()` output; `limits` come from the current configuration.
    /// - Throws: a description of what is malformed.
    public init(decoding bytes: [UInt8], limits: LiveState.Limits) throws {
        var reader = ByteReader(bytes: bytes)
        let version = try reader.byte()
        guard version == Self.version else {
            throw ByteReader.Malformed(description: "log checkpoint: unknown version \(version) (expected \(Self.version))")
        }
        epoch = try reader.varint()
        position = LogPosition(lastEntryID: try reader.string(), appliedEntries: try reader.varint(),
                               time: try reader.double(), lastTickTime: try reader.double(), deltaTime: try reader.double())
        deltaOffset = try reader.varint()
        let cached = try reader.double()
        silhouette = cached.isNaN ? nil : cached
        silhouetteAt = try reader.double()
        engagementTarget = try reader.byte() == 1 ? try reader.string() : nil
        modelReport = try Self.optionalBytes(&reader)
        model = try Self.optionalBytes(&reader)
        state = try LiveState(decoding: Array(bytes[reader.position...]), limits: limits)
    }

    private static func optionalBytes(_ value: [UInt8]?, into writer: inout ByteWriter) {
        guard let value else { return writer.bytes.append(0) }
        writer.bytes.append(1)
        writer.varint(UInt64(value.count))
        writer.bytes.append(contentsOf: value)
    }

    private static func optionalBytes(_ reader: inout ByteReader) throws -> [UInt8]? {
        guard try reader.byte() == 1 else { return nil }
        let count = Int(try reader.varint())
        guard count >= 0, reader.position + count <= reader.bytes.count else {
            throw ByteReader.Malformed(description: "log checkpoint: truncated bytes at \(reader.position)")
        }
        defer { reader.position += count }
        return Array(reader.bytes[reader.position..<(reader.position + count)])
    }
}

/// Where a store in cluster mode is in the log: the last entry applied (its stream ID, opaque
/// here), how many entries it has applied in all (every node counts the same), the log's clock
/// (the latest time any entry carried; it never goes back), the time the last accepted tick
/// carried (what the next tick is compared with) and the time its delta was dated (the log's
/// clock then). A plain value, owned by the store actor.
public struct LogPosition: Sendable, Equatable {
    public var lastEntryID: String
    public var appliedEntries: UInt64
    public var time: Double
    public var lastTickTime: Double
    public var deltaTime: Double

    public init(lastEntryID: String = "0-0", appliedEntries: UInt64 = 0, time: Double = 0, lastTickTime: Double = -.infinity,
                deltaTime: Double = 0) {
        self.lastEntryID = lastEntryID
        self.appliedEntries = appliedEntries
        self.time = time
        self.lastTickTime = lastTickTime
        self.deltaTime = deltaTime
    }
}
