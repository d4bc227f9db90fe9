/// One encoded WebSocket text message, complete with its frame header, shared read-only by every
/// subscriber and every service thread it goes to. Immutable after creation.
///
/// The encoder writes the payload after `reservedBytes` spare bytes; the frame header (RFC 6455
/// §5.2: FIN + text opcode, the length, no mask since the server sends it) is written once into
/// the end of that space. The transport sends `frame` as it is, so no thread ever writes into a
/// shared message, and the payload is never copied between its encoding and the socket.
public final class OutboundMessage: Sendable {
    /// Spare bytes an encoder leaves before the payload: room for the longest frame header.
    public static let reservedBytes = 10

    /// The reserved bytes (the frame header at their end), then the payload.
    private let storage: [UInt8]
    /// Where the frame header starts in `storage`.
    private let frameStart: Int
    /// The payload's length in bytes.
    public let count: Int

    /// Adopts `bytes`, whose first `reservedBytes` are spare, and frames the rest as the payload.
    public init(reservedAndPayload bytes: [UInt8]) {
        precondition(bytes.count >= Self.reservedBytes, "an encoder must leave OutboundMessage.reservedBytes in front")
        var bytes = bytes
        let length = bytes.count - Self.reservedBytes
        let header = Self.headerLength(payload: length)
        let start = Self.reservedBytes - header
        bytes[start] = 0x81  // FIN, text frame
        switch header {
        case 2:
            bytes[start + 1] = UInt8(length)
        case 4:
            bytes[start + 1] = 126
            bytes[start + 2] = UInt8(length >> 8)
            bytes[start + 3] = UInt8(length & 0xff)
        default:
            bytes[start + 1] = 127
            for index in 0..<8 { bytes[start + 2 + index] = UInt8((UInt64(length) >> (56 - 8 * UInt64(index))) & 0xff) }
        }
        storage = bytes
        frameStart = start
        count = length
    }

    /// Frames a payload encoded without reserved space (small control messages; one copy).
    public convenience init(_ payload: [UInt8]) {
        var bytes = [UInt8](repeating: 0, count: Self.reservedBytes)
        bytes.reserveCapacity(Self.reservedBytes + payload.count)
        bytes.append(contentsOf: payload)
        self.init(reservedAndPayload: bytes)
    }

    static func headerLength(payload: Int) -> Int { payload < 126 ? 2 : payload <= 0xffff ? 4 : 10 }

    /// The whole frame (header and payload), as it goes on the wire.
    public func withFrame<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[frameStart...])) }
    }

    /// The payload alone (the JSON text).
    public func withPayload<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[Self.reservedBytes...])) }
    }

    /// The length of the frame on the wire.
    public var frameCount: Int { storage.count - frameStart }

    /// The payload as text (tests and logs).
    public var text: String { withPayload { String(decoding: $0, as: UTF8.self) } }
}
