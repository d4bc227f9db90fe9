/// The network side of the hub: whatever owns the connections (the libwebsockets service
/// thread in production). The hub queues messages and close requests, then calls `wake()`;
/// the transport, on its own thread, asks the hub for the work (`Hub.takeWork`, `Hub.nextOutgoing`).
public protocol HubTransport: AnyObject, Sendable {
    /// Something is waiting for the transport. Called from any thread; must not block.
    func wake()
}

/// What the transport should do next for one connection.
public enum Outgoing: Sendable {
    case message(OutboundMessage)
    /// Close with this WebSocket close code and reason.
    case close(code: UInt16, reason: String)
}

/// The transport's work after a wake: connections with queued messages, connections to close.
public struct TransportWork: Sendable {
    public var ready: [UInt64] = []
    public var closing: [UInt64] = []
}
