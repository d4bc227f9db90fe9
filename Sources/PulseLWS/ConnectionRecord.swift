import PulseHub

/// Everything a service thread keeps about one of its connections, in one place: created when
/// the connection's first callback arrives, removed by `ServiceThreadState.remove` when it closes.
/// Owned by that service thread (`ServiceThreadState.records`).
struct ConnectionRecord {
    enum Kind { case http, webSocket, eventStream }

    let wsi: OpaquePointer
    var kind = Kind.http
    /// The HTTP transaction in progress (nil between requests and after an upgrade).
    var exchange: HTTPExchange?
    /// The serial of the last transaction on this keep-alive connection.
    var lastExchangeSerial: UInt64 = 0
    /// A WebSocket message whose later fragments have not arrived yet.
    var partialMessage: [UInt8] = []
    /// A Server-Sent Events stream's state (`kind == .eventStream`).
    var eventStream = EventStreamState()
    /// The WebSocket's client-message rate (per connection: many browsers may share an address).
    var messageBucket: TokenBucket

    init(wsi: OpaquePointer, messageBucket: TokenBucket) {
        self.wsi = wsi
        self.messageBucket = messageBucket
    }
}
