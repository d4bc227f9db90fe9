import CLibWebSockets
import PulseHub

/// HTTP transactions on the service thread: headers, body, hand-off to the handler, response.
extension LWSServiceThread {
    /// The headers handlers may look at (lower-case names).
    static let requestHeaders: [(String, lws_token_indexes)] = [
        ("content-type", WSI_TOKEN_HTTP_CONTENT_TYPE), ("content-length", WSI_TOKEN_HTTP_CONTENT_LENGTH),
        ("transfer-encoding", WSI_TOKEN_HTTP_TRANSFER_ENCODING), ("expect", WSI_TOKEN_HTTP_EXPECT),
        ("authorization", WSI_TOKEN_HTTP_AUTHORIZATION), ("origin", WSI_TOKEN_ORIGIN),
        ("if-none-match", WSI_TOKEN_HTTP_IF_NONE_MATCH), ("x-forwarded-for", WSI_TOKEN_X_FORWARDED_FOR),
    ]

    static let methods: [(String, lws_token_indexes)] = [
        ("GET", WSI_TOKEN_GET_URI), ("POST", WSI_TOKEN_POST_URI), ("PUT", WSI_TOKEN_PUT_URI),
        ("PATCH", WSI_TOKEN_PATCH_URI), ("DELETE", WSI_TOKEN_DELETE_URI), ("OPTIONS", WSI_TOKEN_OPTIONS_URI),
        ("HEAD", WSI_TOKEN_HEAD_URI),
    ]

    /// Largest body a refused request may have and still be read (the connection then stays open).
    static let smallRefusedBody = 64 << 10

    /// Assigns (once per connection) and returns the id kept in the wsi's opaque user data
    /// (`storedConnectionID`), and makes sure the connection has its record.
    func connectionID(_ wsi: OpaquePointer) -> UInt64 {
        var id = storedConnectionID(wsi)
        if id == 0 {
            owned.value.nextSerial += 1
            id = Hub.connectionID(serviceThread: index, serial: owned.value.nextSerial)
            lws_set_opaque_user_data(wsi, UnsafeMutableRawPointer(bitPattern: UInt(id)))
        }
        if owned.value.record(id, wsi: wsi, messageBucket: admission.messageBucket()) {
            hub.metrics.openConnections.add(1, ordering: .relaxed)
        }
        return id
    }

    func httpRequestStarted(_ wsi: OpaquePointer,
                            path: UnsafeMutableRawPointer?, length: Int) -> Int32 {
        let id = connectionID(wsi)
        guard id != 0 else { return -1 }
        var method = "GET"
        for (name, token) in Self.methods where lws_hdr_total_length(wsi, token) > 0 {
            method = name
            break
        }
        let pathText = path.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) } ?? "/"
        var headers: [String: String] = [:]
        for (name, token) in Self.requestHeaders {
            if let value = header(wsi, token) { headers[name] = value }
        }
        addSignatureHeaders(wsi, to: &headers)
        let serial = (records[id]?.lastExchangeSerial ?? 0) + 1
        records[id]?.lastExchangeSerial = serial
        let query = queryString(wsi)
        var exchange = HTTPExchange(serial: serial, connection: id, method: method, path: pathText, query: query,
                                    headers: headers, remoteAddress: peerAddress(wsi))
        exchange.answeredBeforeBody = Self.expectsBody(method: method, headers: headers)
        if let limited = oversizedHeaders(wsi) ?? rateLimited(exchange.remoteAddress) {
            exchange.response = limited
            records[id]?.exchange = exchange
            lws_callback_on_writable(wsi)
            return 0
        }
        if draining {
            exchange.response = HTTPResponse.error(503, "shutting_down", "the server is shutting down", headers: [("Retry-After", "2")])
            exchange.response!.closeConnection = true
            records[id]?.exchange = exchange
            lws_callback_on_writable(wsi)
            return 0
        }
        let lengthText: String = headers["content-length"] ?? "0"
        let declaredLength = Int(lengthText) ?? 0
        if let refusal = handler.preflight(method: method, path: pathText, headers: headers) {
            if refusal.status == 413 || refusal.status == 411 || declaredLength == 0 || declaredLength > Self.smallRefusedBody {
                exchange.response = refusal  // body unknown or too big: answer now, linger, close
                records[id]?.exchange = exchange
                lws_callback_on_writable(wsi)
                return 0
            }
            var keepAlive = refusal
            keepAlive.closeConnection = false
            exchange.refusal = keepAlive  // read (and drop) the small body, then answer
        }
        exchange.answeredBeforeBody = false
        if exchange.refusal == nil, method == "GET", pathText == Self.eventStreamPath {
            return eventStreamStarted(wsi, id, exchange)
        }
        records[id]?.exchange = exchange
        if headers["expect"]?.lowercased() == "100-continue" { writeRaw(wsi, "HTTP/1.1 100 Continue\r\n\r\n") }
        // A body-less method that brings a body anyway is answered when that body has been read.
        if declaredLength == 0 { finishBody(id) }
        return 0
    }

    func httpBodyReceived(_ wsi: OpaquePointer,
                          input: UnsafeMutableRawPointer?, length: Int) -> Int32 {
        let id = storedConnectionID(wsi)
        guard let exchange = records[id]?.exchange, let input else { return 0 }
        if exchange.answeredBeforeBody { return discardBody(id, length: length) }
        if exchange.refusal == nil {  // appended in place (the record is not copied)
            records[id]?.exchange?.body.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length))
        }
        return 0
    }

    func httpBodyCompleted(_ wsi: OpaquePointer) -> Int32 {
        let id = storedConnectionID(wsi)
        if records[id]?.exchange?.answeredBeforeBody == true { return bodyCompletedAfterAnswer(id) }
        if let exchange = records[id]?.exchange, exchange.response == nil, !Self.bodyMethods.contains(exchange.method) {
            // lws 4.1 calls BODY_COMPLETION again and again for a body sent with GET (and the like)
            // until the transaction ends, starving the service loop: answer here and close.
            var response = exchange.refusal ?? .error(400, "unexpected_body", "a \(exchange.method) request carries no body")
            response.closeConnection = true
            records[id]?.exchange = nil
            _ = writeHeaders(wsi, response) && writeBody(wsi, ArraySlice(response.body), final: true)
            return -1
        }
        finishBody(id)
        return 0
    }

    /// The methods whose requests carry a body.
    static let bodyMethods: Set<String> = ["POST", "PUT", "PATCH"]

    /// The request is complete: answer a refusal, or hand it to the handler off this thread.
    private func finishBody(_ id: UInt64) {
        guard var exchange = records[id]?.exchange, exchange.response == nil else { return }
        if let refusal = exchange.refusal {
            exchange.response = refusal
            records[id]?.exchange = exchange
            if let wsi = owned.value.wsi(of: id) { lws_callback_on_writable(wsi) }
            return
        }
        let request = exchange.request
        records[id]?.exchange?.body = []
        let serial = exchange.serial
        let inbox = self.inbox
        handler.submit(request) { response in
            inbox.post(ServiceInbox.Reply(connection: id, exchange: serial, response: response))
        }
    }

    func httpWritable(_ wsi: OpaquePointer) -> Int32 {
        let id = storedConnectionID(wsi)
        guard var exchange = records[id]?.exchange, let response = exchange.response, exchange.inFlight else { return 0 }
        if !exchange.headersSent {
            // A small body goes out with the head, in one write (one segment, one send).
            let inline = response.body.count <= Self.inlineBodyLimit ? response.body[...] : []
            guard writeHeaders(wsi, response, inlineBody: inline) else { return -1 }
            exchange.headersSent = true
            exchange.bodyOffset = inline.count
        }
        let chunkLimit = 64 << 10
        let remaining = response.body.count - exchange.bodyOffset
        if remaining > 0 {
            let chunk = min(remaining, chunkLimit)
            let isLast = chunk == remaining
            guard writeBody(wsi, response.body[exchange.bodyOffset..<(exchange.bodyOffset + chunk)], final: isLast) else { return -1 }
            exchange.bodyOffset += chunk
            if !isLast {
                records[id]?.exchange = exchange
                lws_callback_on_writable(wsi)
                return 0
            }
        }
        exchange.inFlight = false
        exchange.response = nil
        records[id]?.exchange = exchange
        if response.closeConnection, startLingering(wsi, id) { return 0 }
        if response.closeConnection || draining {
            advanceDrain()
            return -1
        }
        return lws_http_transaction_completed(wsi) != 0 ? -1 : 0
    }

    /// Bodies up to this size are written together with their head.
    static let inlineBodyLimit = 4096

    private func writeHeaders(_ wsi: OpaquePointer, _ response: HTTPResponse, inlineBody: ArraySlice<UInt8> = []) -> Bool {
        var extra = response.headers
        if response.closeConnection { extra.append(("Connection", "close")) }
        return writeHeaders(wsi, status: response.status, contentType: response.contentType,
                            contentLength: lws_filepos_t(response.body.count), extra: extra, inlineBody: inlineBody)
    }

    /// Writes a response head: status, content type and length (`lws_filepos_t.max`: none, the
    /// body runs until the connection ends), then `extra` headers by name, and `inlineBody` (the
    /// start of the body, or all of it) right after the head in the same write. On HTTP/1.1 a
    /// header write is passed to the socket as it is, so head and body leave as one segment.
    func writeHeaders(_ wsi: OpaquePointer, status: Int, contentType: String, contentLength: lws_filepos_t,
                      extra: [(name: String, value: String)], inlineBody: ArraySlice<UInt8> = []) -> Bool {
        let pre = Int(pulse_lws_pre())
        let capacity = pre + 2048 + inlineBody.count + extra.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        let start = buffer + pre
        let end = buffer + capacity - 1
        var cursor: UnsafeMutablePointer<UInt8>? = start
        let type = contentType.isEmpty ? nil : contentType
        let failed = type.withOptionalCString { type in
            lws_add_http_common_headers(wsi, UInt32(status), type, contentLength, &cursor, end) != 0
        }
        if failed { return false }
        for (name, value) in extra {
            let lowered = name.lowercased() + ":"
            let added = lowered.withCString { namePointer in
                value.withCString { valuePointer in
                    lws_add_http_header_by_name(wsi, UnsafeRawPointer(namePointer).assumingMemoryBound(to: UInt8.self),
                                                UnsafeRawPointer(valuePointer).assumingMemoryBound(to: UInt8.self),
                                                Int32(value.utf8.count), &cursor, end)
                }
            }
            if added != 0 { return false }
        }
        guard lws_finalize_http_header(wsi, &cursor, end) == 0, var written = cursor else { return false }
        if !inlineBody.isEmpty {
            guard end - written >= inlineBody.count else { return false }
            inlineBody.withUnsafeBufferPointer { body in
                written.update(from: body.baseAddress!, count: body.count)
            }
            written += inlineBody.count
        }
        let length = written - start
        return Int(lws_write(wsi, start, length, LWS_WRITE_HTTP_HEADERS)) == length
    }

    /// Writes body bytes straight from the response (no copy): on HTTP/1.1 without compression,
    /// the only HTTP Pulse serves, lws sends them as they are and never touches the bytes before
    /// them (the LWS_PRE headroom matters for HTTP/2 and WebSocket framing only).
    private func writeBody(_ wsi: OpaquePointer, _ bytes: ArraySlice<UInt8>, final: Bool) -> Bool {
        let written = bytes.withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            return lws_write(wsi, UnsafeMutablePointer(mutating: base), buffer.count, final ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP)
        }
        return written >= 0
    }

    private func writeRaw(_ wsi: OpaquePointer, _ text: String) {
        _ = writeBody(wsi, ArraySlice(text.utf8), final: false)
    }

    /// The one place a closed connection (HTTP, WebSocket or event stream) is cleaned up.
    func connectionClosed(_ wsi: OpaquePointer) {
        let id = storedConnectionID(wsi)
        guard id != 0, let record = owned.value.remove(id) else { return }
        hub.metrics.openConnections.subtract(1, ordering: .relaxed)
        switch record.kind {
        case .http: break
        case .webSocket:
            hub.disconnect(id)
            hub.metrics.webSocketConnections.subtract(1, ordering: .relaxed)
        case .eventStream:
            hub.disconnect(id)
        }
        advanceDrain()
    }

    /// The query's `name=value` parts (already percent-decoded by lws), joined with `&`.
    func queryString(_ wsi: OpaquePointer) -> String {
        let length = Int(lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_URI_ARGS))
        guard length > 0 else { return "" }
        var parts: [String] = []
        var buffer = [CChar](repeating: 0, count: length + 1)
        for index in 0..<64 {
            let copied = lws_hdr_copy_fragment(wsi, &buffer, Int32(buffer.count), WSI_TOKEN_HTTP_URI_ARGS, Int32(index))
            guard copied > 0 else { break }
            parts.append(String(decoding: buffer.prefix(Int(copied)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return parts.joined(separator: "&")
    }

    func header(_ wsi: OpaquePointer, _ token: lws_token_indexes) -> String? {
        let length = Int(lws_hdr_total_length(wsi, token))
        guard length > 0 else { return nil }
        // Repeated headers are joined with commas, which the total length does not count.
        var buffer = [CChar](repeating: 0, count: 2 * length + 64)
        guard lws_hdr_copy(wsi, &buffer, Int32(buffer.count), token) >= 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func peerAddress(_ wsi: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        guard lws_get_peer_simple(wsi, &buffer, buffer.count) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension Optional where Wrapped == String {
    /// Calls `body` with a C string, or with nil when there is no string.
    func withOptionalCString<Result>(_ body: (UnsafePointer<CChar>?) -> Result) -> Result {
        switch self {
        case .some(let text): text.withCString { body($0) }
        case .none: body(nil)
        }
    }
}
