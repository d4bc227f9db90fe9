/// One Server-Sent Events stream (`GET /api/stream`) on the service thread: whether its response
/// headers are out and whether a heartbeat is due. Owned by the service thread
/// (`LWSServer.eventStreams`); the hub holds its subscription and outbox under the same id.
struct EventStreamState {
    var headersSent = false
    var heartbeatDue = false
}
