/// Server-Sent Events framing of the hub's messages: `id: EPOCH:OFFSET`, then `data: JSON`, then
/// a blank line; and the heartbeat comment. Pure functions over bytes; any thread.
public enum EventStreamFrame {
    /// Sent every `server.eventStreamHeartbeatSeconds` on an otherwise quiet stream.
    public static let heartbeat = Array(": heartbeat\n\n".utf8)

    /// Appends one message as an event. The hub's messages are single-line JSON that start with
    /// `{"op":…,"epoch":E,"offset":N`; the id is taken from there.
    public static func append(_ payload: UnsafeRawBufferPointer, to frame: inout [UInt8]) {
        if let (epoch, offset) = leadingPosition(payload) {
            frame.append(contentsOf: "id: \(epoch):\(offset)\n".utf8)
        }
        frame.append(contentsOf: "data: ".utf8)
        frame.append(contentsOf: payload)
        frame.append(contentsOf: "\n\n".utf8)
    }

    /// (epoch, offset) from an `id:` value (`EPOCH:OFFSET`), or nil when it is not that.
    public static func position(fromID text: String) -> (epoch: UInt64, offset: UInt64)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 16 && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let epoch = UInt64(parts[0]), let offset = UInt64(parts[1]) else { return nil }
        return (epoch, offset)
    }

    /// The `"epoch"` and `"offset"` numbers among the first bytes of a hub message.
    static func leadingPosition(_ payload: UnsafeRawBufferPointer) -> (UInt64, UInt64)? {
        let head = Array(payload.prefix(160))
        guard let epoch = number(after: Array(#""epoch":"#.utf8), in: head),
              let offset = number(after: Array(#""offset":"#.utf8), in: head) else { return nil }
        return (epoch, offset)
    }

    private static func number(after key: [UInt8], in bytes: [UInt8]) -> UInt64? {
        guard bytes.count >= key.count else { return nil }
        for start in 0...(bytes.count - key.count) where bytes[start..<(start + key.count)].elementsEqual(key) {
            var value: UInt64 = 0
            var index = start + key.count
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57, digits < 19 {
                value = value * 10 + UInt64(bytes[index] - 48)
                index += 1
                digits += 1
            }
            return digits > 0 ? value : nil
        }
        return nil
    }
}
