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
        if server.owned.value.kind(of: sessionID(user)) == .eventStream { return server.eventStreamTimer(wsi, session: user) }
        return server.lingerTimerFired(session: user)
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
        return server.webSocketUpgradeAllowed(wsi) ? 0 : 1
    case LWS_CALLBACK_HTTP:
        return server.httpRequestStarted(wsi, session: user, path: input, length: length)
    case LWS_CALLBACK_HTTP_BODY:
        return server.httpBodyReceived(wsi, session: user, input: input, length: length)
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
        return server.httpBodyCompleted(wsi, session: user)
    case LWS_CALLBACK_HTTP_WRITEABLE:
        if server.owned.value.kind(of: sessionID(user)) == .eventStream { return server.eventStreamWritable(wsi, session: user) }
        return server.httpWritable(wsi, session: user)
    case LWS_CALLBACK_CLOSED_HTTP:
        server.connectionClosed(session: user)
        return 0
    case LWS_CALLBACK_ESTABLISHED:
        return server.webSocketOpened(wsi, session: user)
    case LWS_CALLBACK_RECEIVE:
        return server.webSocketReceived(wsi, session: user, input: input, length: length)
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return server.webSocketWritable(wsi, session: user)
    case LWS_CALLBACK_CLOSED:
        server.connectionClosed(session: user)
        return 0
    case LWS_CALLBACK_WSI_CREATE:
        server.owned.value.openSockets += 1
        return 0
    case LWS_CALLBACK_WSI_DESTROY:
        server.owned.value.openSockets = max(0, server.owned.value.openSockets - 1)
        return 0
    default:
        // Only here: passing handled reasons on would complete HTTP transactions early.
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
}

/// The connection id kept in the per-session storage lws allocates (zeroed) for each connection.
func sessionID(_ session: UnsafeMutableRawPointer?) -> UInt64 {
    session?.load(as: UInt64.self) ?? 0
}
