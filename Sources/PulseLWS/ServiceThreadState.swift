/// What the libwebsockets service thread owns of the server: the context, the connections by id,
/// the HTTP exchange of each, WebSocket reassembly buffers, admission control and the shutdown
/// phase. Kept in a `ServiceThreadBound`, so every access is checked in debug builds.
struct ServiceThreadState {
    var context: OpaquePointer?
    var nextConnectionID: UInt64 = 0
    var connections: [UInt64: OpaquePointer] = [:]
    var webSockets: Set<UInt64> = []
    var eventStreams: [UInt64: EventStreamState] = [:]
    var exchanges: [UInt64: HTTPExchange] = [:]
    var partialMessages: [UInt64: [UInt8]] = [:]
    var phase = LWSServer.Phase.serving
    let admission: ConnectionGuard

    init(admission: ConnectionGuard) { self.admission = admission }
}

/// Short names for the service-thread state, used by the callbacks (each access is checked).
extension LWSServer {
    var nextConnectionID: UInt64 {
        _read { yield owned.value.nextConnectionID }
        _modify { yield &owned.value.nextConnectionID }
    }
    var connections: [UInt64: OpaquePointer] {
        _read { yield owned.value.connections }
        _modify { yield &owned.value.connections }
    }
    var webSockets: Set<UInt64> {
        _read { yield owned.value.webSockets }
        _modify { yield &owned.value.webSockets }
    }
    var eventStreams: [UInt64: EventStreamState] {
        _read { yield owned.value.eventStreams }
        _modify { yield &owned.value.eventStreams }
    }
    var exchanges: [UInt64: HTTPExchange] {
        _read { yield owned.value.exchanges }
        _modify { yield &owned.value.exchanges }
    }
    var partialMessages: [UInt64: [UInt8]] {
        _read { yield owned.value.partialMessages }
        _modify { yield &owned.value.partialMessages }
    }
    var admission: ConnectionGuard { owned.value.admission }
}
