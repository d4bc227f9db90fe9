import CLibWebSockets
import PulseHub

/// Security hooks on the service thread: the webhook signature headers (custom headers, not in
/// lws's token table), the token a WebSocket upgrade carried, rate limits and the Origin rule.
extension LWSServiceThread {
    /// Custom headers Pulse reads, as lws names them (lower case, trailing colon).
    static let signatureHeaders = ["x-pulse-signature", "x-pulse-timestamp"]

    func addSignatureHeaders(_ wsi: OpaquePointer, to headers: inout [String: String]) {
        for name in Self.signatureHeaders {
            let lwsName = name + ":"
            let length = Int(lws_hdr_custom_length(wsi, lwsName, Int32(lwsName.utf8.count)))
            guard length > 0, length <= 1024 else { continue }
            var buffer = [CChar](repeating: 0, count: length + 1)
            guard lws_hdr_custom_copy(wsi, &buffer, Int32(buffer.count), lwsName, Int32(lwsName.utf8.count)) >= 0 else { continue }
            headers[name] = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Hands the `?token=` parameter or `Authorization` header of a WebSocket upgrade to the hub.
    func rememberUpgradeCredential(_ wsi: OpaquePointer, _ id: UInt64) {
        let query = queryString(wsi)
        var urlToken: String?
        // Scalars, not Characters: a "prepend" scalar before `&` would hide the split (see ModelRoutes.query).
        for part in query.unicodeScalars.split(separator: "&") where String(String.UnicodeScalarView(part)).hasPrefix("token=") {
            urlToken = String(String.UnicodeScalarView(part.dropFirst(6)))
        }
        hub.access.connected(id, urlToken: urlToken, authorization: header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION))
    }

    /// A 429 for a client over its HTTP request rate (the body is not read: the connection closes).
    func rateLimited(_ address: String) -> HTTPResponse? {
        guard let wait = admission.limitHTTP(address) else { return nil }
        hub.metrics.reject("rate_limited")
        var response = HTTPResponse.error(429, "rate_limited", "too many requests from \(address); retry later",
                                          headers: [("Retry-After", String(max(1, Int(wait.rounded(.up)))))])
        response.closeConnection = true
        return response
    }

    /// The `Origin` check of a WebSocket upgrade (lws refuses the handshake when this is false).
    func webSocketUpgradeAllowed(_ wsi: OpaquePointer) -> Bool {
        let allowed = admission.allowsOrigin(header(wsi, WSI_TOKEN_ORIGIN), host: header(wsi, WSI_TOKEN_HOST))
        if !allowed { hub.metrics.reject("origin") }
        return allowed
    }
}
