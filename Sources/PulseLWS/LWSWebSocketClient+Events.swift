import CLibWebSockets
import Foundation

/// The libwebsockets callback of client connections, on the client's service thread. It finds
/// the client through its context's user pointer (one context per client).
func pulseClientCallback(
    wsi: OpaquePointer?, reason: lws_callback_reasons, user: UnsafeMutableRawPointer?,
    input: UnsafeMutableRawPointer?, length: Int
) -> Int32 {
    guard let wsi, let context = lws_get_context(wsi), let owner = lws_context_user(context) else {
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
    let client = Unmanaged<LWSWebSocketClient>.fromOpaque(owner).takeUnretainedValue()
    switch reason {
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        client.serviceRequests()
        return 0
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
        client.opened(wsi)
        return 0
    case LWS_CALLBACK_CLIENT_RECEIVE:
        return client.received(wsi, input: input, length: length)
    case LWS_CALLBACK_CLIENT_WRITEABLE:
        return client.writable(wsi)
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        client.peerClosing(input: input, length: length)
        return 0
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        client.connectionFailed(wsi, input: input)
        return 0
    case LWS_CALLBACK_CLIENT_CLOSED:
        client.connectionClosed()
        return 0
    default:
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
}

/// Service-thread handlers of the connection's events.
extension LWSWebSocketClient {
    func serviceRequests() {
        let requests = mailbox.takeRequests()
        pendingWrites += requests.outgoing
        if let close = requests.close, closeRequest == nil {
            closeRequest = close
            if !established { finished = true }
        }
        guard let connection else { return }
        if requests.resumeReading { lws_rx_flow_control(connection, 1) }
        if !pendingWrites.isEmpty || closeRequest != nil { lws_callback_on_writable(connection) }
    }

    func opened(_ wsi: OpaquePointer) {
        connection = wsi
        established = true
        mailbox.deliver(.opened)
        // Requests queued before the context existed woke nothing: take them now.
        serviceRequests()
    }

    func received(_ wsi: OpaquePointer, input: UnsafeMutableRawPointer?, length: Int) -> Int32 {
        if partialMessage.count + length > maxMessageBytes {
            return closeNow(wsi, code: 1009, reason: "message over \(maxMessageBytes) bytes")
        }
        if let input, length > 0 {
            partialMessage.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length))
        }
        guard lws_is_final_fragment(wsi) != 0 else { return 0 }
        let message = partialMessage
        partialMessage.removeAll(keepingCapacity: true)
        if lws_frame_is_binary(wsi) != 0 { return 0 }
        if mailbox.deliver(.message(message)) { lws_rx_flow_control(wsi, 0) }
        return 0
    }

    func writable(_ wsi: OpaquePointer) -> Int32 {
        if let close = closeRequest, pendingWrites.isEmpty {
            return closeNow(wsi, code: close.code, reason: close.reason)
        }
        guard !pendingWrites.isEmpty else { return 0 }
        let message = pendingWrites.removeFirst()
        let headroom = Int(pulse_lws_pre())
        // A frame buffer of its own: lws masks client frames in place.
        var frame = [UInt8](repeating: 0, count: headroom + message.count)
        frame.replaceSubrange(headroom..., with: message)
        let written = frame.withUnsafeMutableBufferPointer { buffer in
            lws_write(wsi, buffer.baseAddress! + headroom, message.count, LWS_WRITE_TEXT)
        }
        if written < Int32(message.count) { return -1 }
        if !pendingWrites.isEmpty || closeRequest != nil { lws_callback_on_writable(wsi) }
        return 0
    }

    func peerClosing(input: UnsafeMutableRawPointer?, length: Int) {
        guard let input, length >= 2 else {
            peerClose = (1005, "")
            return
        }
        let bytes = UnsafeRawBufferPointer(start: input, count: length)
        let code = Int(bytes[0]) << 8 | Int(bytes[1])
        peerClose = (code, String(decoding: bytes.dropFirst(2), as: UTF8.self))
    }

    func connectionFailed(_ wsi: OpaquePointer, input: UnsafeMutableRawPointer?) {
        var reason = input.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? ""
        if reason.isEmpty { reason = "connection failed" }
        let status = Int(lws_http_client_http_response(wsi))
        let refusal = status > 0 && status != 101 ? status : nil
        if let refusal { reason = "server answered HTTP \(refusal) instead of switching to WebSocket" }
        mailbox.deliver(.failed(reason: reason, httpStatus: refusal))
        connection = nil
        finished = true
    }

    func connectionClosed() {
        let ending = peerClose ?? localClose ?? (1006, "connection dropped without a close frame")
        mailbox.deliver(established ? .closed(code: ending.code, reason: ending.reason) : .failed(reason: ending.reason, httpStatus: nil))
        connection = nil
        finished = true
    }

    /// Sends a close frame with `code` and tells lws to end the connection.
    private func closeNow(_ wsi: OpaquePointer, code: UInt16, reason: String) -> Int32 {
        localClose = (Int(code), reason)
        var text = Array(reason.utf8.prefix(120))
        lws_close_reason(wsi, lws_close_status(UInt32(code)), &text, text.count)
        return -1
    }
}

/// Short names for the client's service-thread state (each access is checked).
extension LWSWebSocketClient {
    var connection: OpaquePointer? {
        _read { yield owned.value.connection }
        _modify { yield &owned.value.connection }
    }
    var established: Bool {
        _read { yield owned.value.established }
        _modify { yield &owned.value.established }
    }
    var partialMessage: [UInt8] {
        _read { yield owned.value.partialMessage }
        _modify { yield &owned.value.partialMessage }
    }
    var pendingWrites: [[UInt8]] {
        _read { yield owned.value.pendingWrites }
        _modify { yield &owned.value.pendingWrites }
    }
    var closeRequest: (code: UInt16, reason: String)? {
        _read { yield owned.value.closeRequest }
        _modify { yield &owned.value.closeRequest }
    }
    var localClose: (code: Int, reason: String)? {
        _read { yield owned.value.localClose }
        _modify { yield &owned.value.localClose }
    }
    var peerClose: (code: Int, reason: String)? {
        _read { yield owned.value.peerClose }
        _modify { yield &owned.value.peerClose }
    }
    var finished: Bool {
        _read { yield owned.value.finished }
        _modify { yield &owned.value.finished }
    }
}
