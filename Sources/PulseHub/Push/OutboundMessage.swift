/// One encoded WebSocket text message, shared by every subscriber it goes to. Immutable after
/// creation, so any thread may hold it; the transport writes it on its service thread.
///
/// The bytes sit after `headroom` spare bytes, which the transport may overwrite with the frame
/// header (libwebsockets needs `LWS_PRE` there); the payload itself is never modified.
public final class OutboundMessage: @unchecked Sendable {
    public let headroom: Int
    public let count: Int
    private let storage: UnsafeMutableRawPointer

    public init(_ payload: [UInt8], headroom: Int) {
        self.headroom = headroom
        count = payload.count
        storage = UnsafeMutableRawPointer.allocate(byteCount: headroom + max(payload.count, 1), alignment: 16)
        payload.withUnsafeBytes { source in
            if let base = source.baseAddress { (storage + headroom).copyMemory(from: base, byteCount: payload.count) }
        }
    }

    deinit { storage.deallocate() }

    /// The payload's first byte; `headroom` writable bytes precede it.
    public var payloadStart: UnsafeMutableRawPointer { storage + headroom }

    /// The payload as text (tests and logs).
    public var text: String {
        String(decoding: UnsafeRawBufferPointer(start: payloadStart, count: count), as: UTF8.self)
    }
}
