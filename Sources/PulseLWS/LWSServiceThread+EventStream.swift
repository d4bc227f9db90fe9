import CLibWebSockets
import PulseHub

/// Server-Sent Events at `GET /api/stream` on the service thread. The hub treats a stream as one
/// more subscriber (same snapshot, deltas, recovery and slow-consumer limit); this side writes its
/// messages as `id: EPOCH:OFFSET` / `data: JSON` events on an HTTP response that never completes,
/// one `lws_write` per writable callback, and a heartbeat comment while it is quiet.
extension LWSServiceThread {
    static let eventStreamPath = "/api/stream"
    /// Most bytes of events gathered into one write.
    static let eventStreamWriteBytes = 64 << 10

    /// Starts a stream for a GET of `eventStreamPath`, or answers 400/401/403 like any request.
    func eventStreamStarted(_ wsi: OpaquePointer, _ id: UInt64, _ exchange: HTTPExchange) -> Int32 {
        var exchange = exchange
        let request: EventStreamRequest
        do {
            request = try EventStreamRequest.parse(query: exchange.query, lastEventID: customHeader(wsi, "last-event-id"))
        } catch {
            hub.metrics.reject("bad_subscribe")
            return answer(wsi, id, &exchange, .error(400, "bad_subscription", error.reason))
        }
        let policy = hub.access.policy
        if !policy.isOpen {
            var token = request.token
            if token == nil, let authorization = exchange.headers["authorization"] {
                let parts = authorization.split(separator: " ", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "bearer" { token = String(parts[1]) }
            }
            if let refusal = AccessPolicy.refusal(for: policy.decide(token: token, role: .subscribe)) {
                hub.metrics.reject("unauthorized")
                return answer(wsi, id, &exchange, refusal)
            }
        }
        records[id]?.exchange = nil
        owned.value.setKind(id, .eventStream)
        hub.connect(id)
        hub.subscribe(id, request.subscription)
        lws_callback_on_writable(wsi)
        return 0
    }

    private func answer(_ wsi: OpaquePointer, _ id: UInt64, _ exchange: inout HTTPExchange, _ response: HTTPResponse) -> Int32 {
        exchange.response = response
        records[id]?.exchange = exchange
        lws_callback_on_writable(wsi)
        return 0
    }

    /// The first writable callback sends the headers; each later one sends the queued events (or
    /// a heartbeat) in one write, or ends the stream when the hub closes it.
    func eventStreamWritable(_ wsi: OpaquePointer) -> Int32 {
        let id = storedConnectionID(wsi)
        guard let stream = records[id]?.eventStream else { return -1 }
        if !stream.headersSent {
            guard writeEventStreamHeaders(wsi) else { return -1 }
            records[id]?.eventStream.headersSent = true
            // No idle timeout on the stream, and no header table held for its life (lws closes
            // connections holding one for long); lws_http_mark_sse does this too, but logs an
            // error on HTTP/1.1 connections.
            lws_set_timeout(wsi, NO_PENDING_TIMEOUT, 0)
            _ = lws_http_headers_detach(wsi)
            lws_set_timer_usecs(wsi, lws_usec_t(configuration.eventStreamHeartbeatSeconds * 1_000_000))
            lws_callback_on_writable(wsi)
            return 0
        }
        let pre = Int(pulse_lws_pre())
        var frame = [UInt8](repeating: 0, count: pre)
        frame.reserveCapacity(pre + 4096)
        var events = 0
        var moreQueued = false
        while frame.count - pre < Self.eventStreamWriteBytes, let (outgoing, more) = hub.nextOutgoing(id) {
            guard case .message(let message) = outgoing else { return -1 }  // closed by the hub: end the stream
            message.withPayload { EventStreamFrame.append($0, to: &frame) }
            events += 1
            moreQueued = more
            hub.metrics.bytesSent.add(message.count, ordering: .relaxed)
        }
        if events == 0 {
            guard stream.heartbeatDue else { return 0 }
            frame.append(contentsOf: EventStreamFrame.heartbeat)
        }
        records[id]?.eventStream.heartbeatDue = false
        let length = frame.count - pre
        let written = frame.withUnsafeMutableBufferPointer { lws_write(wsi, $0.baseAddress! + pre, length, LWS_WRITE_HTTP) }
        guard written >= 0 else { return -1 }
        hub.metrics.messagesSent.add(events, ordering: .relaxed)
        if moreQueued { lws_callback_on_writable(wsi) }
        return 0
    }

    /// The heartbeat timer: a quiet stream gets a comment line, then the timer is armed again.
    func eventStreamTimer(_ wsi: OpaquePointer) -> Int32 {
        let id = storedConnectionID(wsi)
        guard owned.value.kind(of: id) == .eventStream else { return 0 }
        records[id]?.eventStream.heartbeatDue = true
        lws_callback_on_writable(wsi)
        lws_set_timer_usecs(wsi, lws_usec_t(configuration.eventStreamHeartbeatSeconds * 1_000_000))
        return 0
    }

    /// Ends every stream (server shutting down); clients reconnect with `Last-Event-ID`.
    func closeEventStreams() {
        for (id, record) in records where record.kind == .eventStream { hub.close(id, code: 1001, reason: "server shutting down") }
    }

    private func writeEventStreamHeaders(_ wsi: OpaquePointer) -> Bool {
        writeHeaders(wsi, status: 200, contentType: "text/event-stream", contentLength: .max,
                     extra: [("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")])
    }

    /// A request header outside lws's token table (`name` lower case, without the colon); any
    /// length the request head can hold, so that the caller's own limit decides.
    func customHeader(_ wsi: OpaquePointer, _ name: String) -> String? {
        let lwsName = name + ":"
        let length = Int(lws_hdr_custom_length(wsi, lwsName, Int32(lwsName.utf8.count)))
        guard length > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: length + 1)
        guard lws_hdr_custom_copy(wsi, &buffer, Int32(buffer.count), lwsName, Int32(lwsName.utf8.count)) >= 0 else { return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
