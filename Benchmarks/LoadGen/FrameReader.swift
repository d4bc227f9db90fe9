/// Splits the bytes of one WebSocket connection (server to client, unmasked) into complete
/// text messages. A value owned by the load generator's single thread.
struct FrameReader {
    private var buffer: [UInt8] = []
    private var start = 0
    private var message: [UInt8] = []

    /// Appends received bytes and returns every message they complete (close frames as nil).
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [[UInt8]?] {
        buffer.append(contentsOf: bytes)
        var completed: [[UInt8]?] = []
        while let frame = nextFrame() {
            switch frame.opcode {
            case 0x8: completed.append(nil)
            case 0x9, 0xA: continue
            default:
                message.append(contentsOf: frame.payload)
                if frame.final {
                    completed.append(message)
                    message.removeAll(keepingCapacity: true)
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
        return completed
    }

    private mutating func nextFrame() -> (opcode: UInt8, final: Bool, payload: ArraySlice<UInt8>)? {
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
        let payload = buffer[(start + headerSize)..<(start + headerSize + length)]
        start += headerSize + length
        return (opcode, final, payload)
    }
}
