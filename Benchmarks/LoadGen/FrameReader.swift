/// Splits the bytes of one WebSocket connection (server to client, unmasked) into complete
/// messages without allocating per message. A value owned by the load generator's single thread.
struct FrameReader {
    private var buffer: [UInt8] = []
    private var start = 0
    private var message: [UInt8] = []

    /// Appends received bytes and calls `body` with every message they complete, in order
    /// (nil for a close frame). The bytes passed to `body` are valid only during the call.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) -> Void) {
        buffer.append(contentsOf: bytes)
        while let frame = nextFrame() {
            switch frame.opcode {
            case 0x8: body(nil)
            case 0x9, 0xA: continue
            default:
                if frame.final && message.isEmpty {
                    buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[frame.payload])) }
                } else {
                    message.append(contentsOf: buffer[frame.payload])
                    if frame.final {
                        message.withUnsafeBytes { body($0) }
                        message.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
    }

    private mutating func nextFrame() -> (opcode: UInt8, final: Bool, payload: Range<Int>)? {
        let available = buffer.count - start
        guard available >= 2 else { return nil }
        var length = Int(buffer[start + 1] & 0x7F)
        var headerSize = 2
        if length == 126 {
            guard available >= 4 else { return nil }
            length = Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
            headerSize = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            length = (0..<8).reduce(0) { $0 << 8 | Int(buffer[start + 2 + $1]) }
            headerSize = 10
        }
        guard available >= headerSize + length else { return nil }
        let opcode = buffer[start] & 0x0F
        let final = buffer[start] & 0x80 != 0
        let payload = (start + headerSize)..<(start + headerSize + length)
        start += headerSize + length
        return (opcode, final, payload)
    }
}
