/// Splits the bytes of one WebSocket connection (server to client, unmasked) into complete
/// messages without allocating per message. A value owned by the load generator's single thread.
/// Frames complete within one `recv` are read where they arrived; only a frame cut by the end of
/// a read is kept, so 10,000 readers do not each grow (and fault in) a buffer as large as their
/// largest read, which once made the client itself the bottleneck of the first seconds of a run.
struct FrameReader {
    /// The start of a frame that the last read cut off.
    private var partial: [UInt8] = []
    /// A fragmented message being assembled.
    private var message: [UInt8] = []

    /// Consumes received bytes and calls `body` with every message they complete, in order
    /// (nil for a close frame). The bytes passed to `body` are valid only during the call.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) -> Void) {
        if partial.isEmpty {
            let used = consume(bytes, body)
            if used < bytes.count { partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[used...])) }
            return
        }
        partial.append(contentsOf: bytes)
        let pending = partial
        partial = []
        let used = pending.withUnsafeBytes { consume($0, body) }
        partial = Array(pending[used...])  // sized to what is left: no capacity is kept past this read
    }

    /// Delivers the complete frames at the front of `bytes`; returns how many bytes they took.
    private mutating func consume(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) -> Void) -> Int {
        var start = 0
        while let frame = Self.frame(in: bytes, at: start) {
            start = frame.payload.upperBound
            switch frame.opcode {
            case 0x8: body(nil)
            case 0x9, 0xA: continue
            default:
                let payload = UnsafeRawBufferPointer(rebasing: bytes[frame.payload])
                if frame.final && message.isEmpty {
                    body(payload)
                } else {
                    message.append(contentsOf: payload)
                    if frame.final {
                        message.withUnsafeBytes { body($0) }
                        message.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        return start
    }

    /// The frame starting at `start`, if all of it is in `bytes`.
    private static func frame(in bytes: UnsafeRawBufferPointer, at start: Int) -> (opcode: UInt8, final: Bool, payload: Range<Int>)? {
        let available = bytes.count - start
        guard available >= 2 else { return nil }
        var length = Int(bytes[start + 1] & 0x7F)
        var headerSize = 2
        if length == 126 {
            guard available >= 4 else { return nil }
            length = Int(bytes[start + 2]) << 8 | Int(bytes[start + 3])
            headerSize = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            length = (0..<8).reduce(0) { $0 << 8 | Int(bytes[start + 2 + $1]) }
            headerSize = 10
        }
        guard available >= headerSize + length else { return nil }
        let payload = (start + headerSize)..<(start + headerSize + length)
        return (bytes[start] & 0x0F, bytes[start] & 0x80 != 0, payload)
    }
}
