/// One entry of the cluster log as read back: its stream ID and its bytes (opaque here; the
/// store decides what they mean). A plain value.
public struct ClusterLogEntry: Sendable, Equatable {
    public let id: StreamID
    public let bytes: [UInt8]

    public init(id: StreamID, bytes: [UInt8]) {
        self.id = id
        self.bytes = bytes
    }

    /// The stream field that holds an entry's bytes.
    static let field = "e"

    /// The entries of one stream in an `XREAD`/`XRANGE` reply element: `[[id, [field, value, ...]], ...]`.
    static func parse(_ reply: RedisReply) throws -> [ClusterLogEntry] {
        guard case .array(let items) = reply else { throw RedisError.protocolError("stream entries: expected an array, got \(reply)") }
        return try items.map { item in
            guard case .array(let pair) = item, pair.count == 2, let idText = pair[0].text, let id = StreamID(idText),
                  case .array(let fields) = pair[1] else {
                throw RedisError.protocolError("stream entry: unexpected shape \(item)")
            }
            var bytes: [UInt8]?
            var index = 0
            while index + 1 < fields.count {
                if fields[index].text == field, case .bulk(let value) = fields[index + 1] { bytes = value }
                index += 2
            }
            guard let bytes else { throw RedisError.protocolError("stream entry \(id) has no field \"\(field)\"") }
            return ClusterLogEntry(id: id, bytes: bytes)
        }
    }
}
