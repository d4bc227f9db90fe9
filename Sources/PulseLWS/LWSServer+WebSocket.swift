import CLibWebSockets
import PulseHub

/// WebSocket connections on the service thread: registration with the hub, client messages,
/// and writing queued messages while the socket takes them.
extension LWSServer {
    func webSocketOpened(_ wsi: OpaquePointer, session: UnsafeMutableRawPointer?) -> Int32 {
        let id = connectionID(wsi, session)
        guard id != 0 else { return -1 }
        if draining {
            lws_close_reason(wsi, LWS_CLOSE_STATUS_GOINGAWAY, nil, 0)
            return -1
        }
        exchanges[id] = nil
        webSockets.insert(id)
        hub.connect(id)
        rememberUpgradeCredential(wsi, id)
        hub.metrics.webSocketConnections.add(1, ordering: .relaxed)
        return 0
    }

    func webSocketReceived(_ wsi: OpaquePointer, session: UnsafeMutableRawPointer?,
                           input: UnsafeMutableRawPointer?, length: Int) -> Int32 {
        let id = sessionID(session)
        guard webSockets.contains(id) else { return -1 }
        if admission.limitMessage(id) {
            hub.close(id, code: 4029, reason: "too many messages; slow down")
            return 0
        }
        if lws_frame_is_binary(wsi) != 0 {
            hub.close(id, code: 1003, reason: "text frames only")
            return 0
        }
        var message = partialMessages.removeValue(forKey: id) ?? []
        if let input { message.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length)) }
        if message.count > configuration.maxClientMessageBytes {
            hub.close(id, code: 1009, reason: "message larger than \(configuration.maxClientMessageBytes) bytes")
            return 0
        }
        if lws_is_final_fragment(wsi) != 0 && lws_remaining_packet_payload(wsi) == 0 {
            hub.receive(id, message)
        } else {
            partialMessages[id] = message
        }
        return 0
    }

    func webSocketWritable(_ wsi: OpaquePointer, session: UnsafeMutableRawPointer?) -> Int32 {
        let id = sessionID(session)
        while let outgoing = hub.nextOutgoing(id) {
            switch outgoing {
            case .message(let message):
                let written = lws_write(wsi, message.payloadStart.assumingMemoryBound(to: UInt8.self), message.count, LWS_WRITE_TEXT)
                guard written >= message.count else { return -1 }
                hub.metrics.messagesSent.add(1, ordering: .relaxed)
                hub.metrics.bytesSent.add(message.count, ordering: .relaxed)
                guard hub.hasQueued(id) else { return 0 }
                if lws_send_pipe_choked(wsi) != 0 {
                    lws_callback_on_writable(wsi)
                    return 0
                }
            case .close(let code, let reason):
                var text = Array(reason.utf8.prefix(120))
                lws_close_reason(wsi, lws_close_status(rawValue: UInt32(code)), &text, text.count)
                return -1
            }
        }
        return 0
    }

    /// Requests writable callbacks for connections with queued messages or pending closes.
    func serviceHubWork() {
        let work = hub.takeWork()
        for id in work.ready {
            if let wsi = connections[id] { lws_callback_on_writable(wsi) }
        }
        for id in work.closing {
            guard let wsi = connections[id] else { continue }
            lws_callback_on_writable(wsi)
            // A reader that never drains its socket never becomes writable: cut it after 5 s.
            lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, 5)
        }
    }
}
