import CLibWebSockets
import PulseHub

/// The request-header size limit, on the service thread. lws keeps a request's headers in a
/// fixed buffer (`info.max_http_header_data`) and closes the connection without a status when
/// they overflow it, before any callback. So that buffer is made larger than Pulse's limit, and
/// header sets between the two are answered 431 here; beyond the buffer lws still hangs up.
extension LWSServiceThread {
    /// Most header bytes Pulse accepts (431 beyond): the URI and every header lws knows by name.
    static let maxHeaderBytes = 8 << 10
    /// lws's per-request header buffer (allocated while headers are parsed, freed after).
    static let headerBufferBytes = 32 << 10

    /// A 431 (closing the connection) when the request's headers exceed `maxHeaderBytes`.
    func oversizedHeaders(_ wsi: OpaquePointer) -> HTTPResponse? {
        var total = 0
        for index in 0..<WSI_TOKEN_COUNT.rawValue {
            total += Int(lws_hdr_total_length(wsi, lws_token_indexes(rawValue: index)))
        }
        for name in Self.signatureHeaders {
            let lwsName = name + ":"
            total += Int(max(0, lws_hdr_custom_length(wsi, lwsName, Int32(lwsName.utf8.count))))
        }
        guard total > Self.maxHeaderBytes else { return nil }
        hub.metrics.reject("headers_too_large")
        var response = HTTPResponse.error(431, "headers_too_large",
                                          "the request's headers hold \(total) bytes; at most \(Self.maxHeaderBytes) are accepted",
                                          details: [("limit", .number(Double(Self.maxHeaderBytes)))])
        response.closeConnection = true
        return response
    }
}
