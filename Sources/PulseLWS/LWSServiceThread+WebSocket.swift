import CLibWebSockets
import Foundation
import PulseHub

/// WebSocket connections on the service thread: registration with the hub, client messages,
/// and writing queued messages: one `lws_write` of a ready-made frame per writable callback,
/// re-armed while more is queued.
extension LWSServiceThread {
    func webSocketOpened(_ wsi: OpaquePointer) -> Int32 {
        let id = connectionID(wsi)
        guard id != 0 else { return -1 }
        if draining {
            lws_close_reason(wsi, LWS_CLOSE_STATUS_GOINGAWAY, nil, 0)
            return -1
        }
        records[id]?.exchange = nil
        owned.value.setKind(id, .webSocket)
        hub.connect(id)
        rememberUpgradeCredential(wsi, id)
        hub.metrics.webSocketConnections.add(1, ordering: .relaxed)
        return 0
    }

    func webSocketReceived(_ wsi: OpaquePointer,
                           input: UnsafeMutableRawPointer?, length: Int) -> Int32 {
        let id = storedConnectionID(wsi)
        let now = Date().timeIntervalSince1970
        guard let overRate = owned.value.withRecord(id, { record -> Bool? in
            guard record.kind == .webSocket else { return nil }
            return record.messageBucket.take(now: now) != nil
        }), let overRate else { return -1 }
        if overRate {
            hub.close(id, code: 4029, reason: "too many messages; slow down")
            return 0
        }
        if lws_frame_is_binary(wsi) != 0 {
            hub.close(id, code: 1003, reason: "text frames only")
            return 0
        }
        let limit = configuration.maxClientMessageBytes
        let complete = lws_is_final_fragment(wsi) != 0 && lws_remaining_packet_payload(wsi) == 0
        let message = owned.value.withRecord(id) { record -> [UInt8]? in
            if let input { record.partialMessage.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length)) }
            guard record.partialMessage.count <= limit else {
                record.partialMessage = []
                return nil
            }
            guard complete else { return [] }
            defer { record.partialMessage = [] }
            return record.partialMessage
        } ?? nil
        guard let message else {
            hub.close(id, code: 1009, reason: "message larger than \(limit) bytes")
            return 0
        }
        if complete { hub.receive(id, message) }
        return 0
    }

    /// One queued frame per callback (libwebsockets' rule), sent as it is (`LWS_WRITE_RAW`: the
    /// frame header is already in front of the payload, and the shared bytes are never written).
    func webSocketWritable(_ wsi: OpaquePointer) -> Int32 {
        let id = storedConnectionID(wsi)
        guard let (outgoing, moreQueued) = hub.nextOutgoing(id) else { return 0 }
        switch outgoing {
        case .message(let message):
            let written = message.withFrame { frame in
                lws_write(wsi, UnsafeMutablePointer(mutating: frame.baseAddress!), frame.count, LWS_WRITE_HTTP)  // = LWS_WRITE_RAW
            }
            guard written >= message.frameCount else { return -1 }
            hub.metrics.messagesSent.add(1, ordering: .relaxed)
            hub.metrics.bytesSent.add(message.count, ordering: .relaxed)
            if moreQueued { lws_callback_on_writable(wsi) }
            return 0
        case .close(let code, let reason):
            var text = Array(reason.utf8.prefix(120))
            lws_close_reason(wsi, lws_close_status(rawValue: UInt32(code)), &text, text.count)
            return -1
        }
    }

    /// Requests writable callbacks for connections with queued messages or pending closes.
    func serviceHubWork() {
        let work = hub.takeWork(serviceThread: index)
        for id in work.ready {
            if let wsi = owned.value.wsi(of: id) { lws_callback_on_writable(wsi) }
        }
        for id in work.closing {
            guard let wsi = owned.value.wsi(of: id) else { continue }
            lws_callback_on_writable(wsi)
            // A reader that never drains its socket never becomes writable: cut it after 5 s.
            lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, 5)
        }
    }
}
