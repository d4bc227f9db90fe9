import CLibWebSockets
import PulseHub

/// The `Upgrade` decision of a request (LWS_CALLBACK_HTTP_CONFIRM_UPGRADE), on the service thread.
///
/// - `h2c` is ignored, as RFC 9113 §3.1 allows: the request is served as HTTP/1.1 and no byte
///   reaches lws's HTTP/2 code.
/// - `websocket` must be for `/ws`, from an allowed Origin, with headers within the limit; else
///   the client gets a JSON 404, 403 or 431 it can read, and the connection closes.
/// - Anything else: lws 4.1.6 has already answered 403 and, on a keep-alive connection, released
///   the header table, and still calls back with `in` pointing into it (CVE-2025-11677). So `in`
///   is never read: headers are read through `lws_hdr_*`, which check the table, and this case
///   hangs up (a negative return is the one path on which lws does not read `in` itself).
///
/// `in` is lws's pointer to the first `Upgrade` value in its header table (lws does not export
/// a function that returns it). It is touched in one case only: after `lws_hdr_copy_fragment`
/// found the table live with `h2c` there, one NUL byte is written to it (never read).
extension LWSServiceThread {
    enum UpgradeRequest { case webSocket, h2c, unknown }

    /// 0 lets lws upgrade (or, for a cleared `h2c`, serve HTTP/1.1); -1 closes the connection.
    func confirmUpgrade(_ wsi: OpaquePointer, upgradeValue: UnsafeMutableRawPointer?) -> Int32 {
        switch upgradeRequest(wsi) {
        case .unknown:
            return -1
        case .h2c:
            guard let upgradeValue else { return -1 }
            // lws compares this string again after the callback: empty, it serves plain HTTP.
            upgradeValue.storeBytes(of: 0, as: UInt8.self)
            return 0
        case .webSocket:
            guard let refusal = webSocketRefusal(wsi) else { return 0 }
            writeImmediately(wsi, refusal)
            return -1
        }
    }

    /// What lws will do with the first `Upgrade` value (it compares it case-insensitively up to
    /// its first NUL); `.unknown` when the header table is gone or holds neither name.
    private func upgradeRequest(_ wsi: OpaquePointer) -> UpgradeRequest {
        var buffer = [CChar](repeating: 0, count: 16)
        let length = lws_hdr_copy_fragment(wsi, &buffer, Int32(buffer.count), WSI_TOKEN_UPGRADE, 0)
        guard length > 0 else { return .unknown }
        let lowered = buffer.prefix { $0 != 0 }.map { byte -> UInt8 in
            let value = UInt8(bitPattern: byte)
            return (65...90).contains(value) ? value + 32 : value
        }
        switch String(decoding: lowered, as: UTF8.self) {
        case "websocket": return .webSocket
        case "h2c": return .h2c
        default: return .unknown
        }
    }

    /// Why a WebSocket upgrade is refused, as the JSON answer to send; nil when it may proceed.
    private func webSocketRefusal(_ wsi: OpaquePointer) -> HTTPResponse? {
        if let tooLarge = oversizedHeaders(wsi) { return tooLarge }
        let path = header(wsi, WSI_TOKEN_GET_URI)
        guard path == "/ws" else {
            hub.metrics.reject("upgrade_path")
            return .error(404, "not_found", "WebSocket upgrades are served only at GET /ws, not at \(path ?? "a non-GET request")")
        }
        guard webSocketUpgradeAllowed(wsi) else {
            let origin = header(wsi, WSI_TOKEN_ORIGIN) ?? ""
            return .error(403, "origin_not_allowed",
                          "Origin \(origin) may not open WebSockets here (server.allowedOrigins, or the Host's own origin)")
        }
        return nil
    }

    /// Writes a whole HTTP/1.1 response with `Connection: close` before lws has set up an HTTP
    /// transaction (its own status line would follow the request version, not yet known here).
    func writeImmediately(_ wsi: OpaquePointer, _ response: HTTPResponse) {
        var head = "HTTP/1.1 \(response.status) \(Self.reasonPhrase(response.status))\r\n"
        head += "Content-Type: \(response.contentType)\r\nContent-Length: \(response.body.count)\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + response.body
        let pre = Int(pulse_lws_pre())
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: pre + bytes.count)
        defer { buffer.deallocate() }
        _ = UnsafeMutableBufferPointer(start: buffer + pre, count: bytes.count).initialize(from: bytes)
        _ = lws_write(wsi, buffer + pre, bytes.count, LWS_WRITE_HTTP)
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 431: "Request Header Fields Too Large"
        default: "Error"
        }
    }
}
