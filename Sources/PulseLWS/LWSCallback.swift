import CLibWebSockets
import PulseHub

/// The single libwebsockets callback of Pulse's protocol: HTTP and WebSocket events of every
/// connection, on the service thread. It finds the server through the context's user pointer.
func pulseServiceCallback(
    wsi: OpaquePointer?, reason: lws_callback_reasons, user: UnsafeMutableRawPointer?,
    input: UnsafeMutableRawPointer?, length: Int
) -> Int32 {
    guard let wsi, let context = lws_get_context(wsi), let owner = lws_context_user(context) else {
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
    let server = Unmanaged<LWSServiceThread>.fromOpaque(owner).takeUnretainedValue()
    switch reason {
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        server.drainInbox()
        return 0
    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
        // `input` may point into a released header table (CVE-2025-11677): see confirmUpgrade.
        return server.confirmUpgrade(wsi, upgradeValue: input)
    case LWS_CALLBACK_TIMER:
        // One timer per connection: an event stream's heartbeat, or a lingering close's deadline.
        if server.owned.value.kind(of: storedConnectionID(wsi)) == .eventStream { return server.eventStreamTimer(wsi) }
        return server.lingerTimerFired(wsi)
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
        return server.webSocketUpgradeAllowed(wsi) ? 0 : 1
    case LWS_CALLBACK_HTTP:
        return server.httpRequestStarted(wsi, path: input, length: length)
    case LWS_CALLBACK_HTTP_BODY:
        return server.httpBodyReceived(wsi, input: input, length: length)
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
        return server.httpBodyCompleted(wsi)
    case LWS_CALLBACK_HTTP_WRITEABLE:
        if server.owned.value.kind(of: storedConnectionID(wsi)) == .eventStream { return server.eventStreamWritable(wsi) }
        return server.httpWritable(wsi)
    case LWS_CALLBACK_CLOSED_HTTP:
        server.connectionClosed(wsi)
        return 0
    case LWS_CALLBACK_ESTABLISHED:
        return server.webSocketOpened(wsi)
    case LWS_CALLBACK_RECEIVE:
        return server.webSocketReceived(wsi, input: input, length: length)
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return server.webSocketWritable(wsi)
    case LWS_CALLBACK_CLOSED:
        server.connectionClosed(wsi)
        return 0
    case LWS_CALLBACK_WSI_CREATE:
        server.owned.value.openSockets += 1
        return 0
    case LWS_CALLBACK_WSI_DESTROY:
        // The last notification lws gives for every connection, whatever closed it: its
        // record goes here at the latest (connectionClosed is idempotent).
        server.connectionClosed(wsi)
        server.owned.value.openSockets = max(0, server.owned.value.openSockets - 1)
        return 0
    default:
        // Only here: passing handled reasons on would complete HTTP transactions early.
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
}

/// The connection id of `wsi`, kept in lws's opaque user data (0 before it has one). Not in the
/// per-session storage: lws frees and re-zeroes that at the end of every HTTP transaction (it
/// re-binds the protocol), so an id kept there was lost after the first request of a
/// connection, and with it the connection's record (the soak's RSS growth).
func storedConnectionID(_ wsi: OpaquePointer) -> UInt64 {
    UInt64(UInt(bitPattern: lws_get_opaque_user_data(wsi)))
}
