import PulseHub

/// One HTTP transaction on one connection, from its headers to its last response byte.
/// Owned by the service thread (`LWSServer.exchanges`).
struct HTTPExchange {
    /// Tells this transaction from earlier ones on the same keep-alive connection.
    let serial: UInt64
    /// The connection it arrived on.
    let connection: UInt64
    var method: String
    var path: String
    var query: String
    var headers: [String: String]
    var remoteAddress: String
    var body: [UInt8] = []
    /// A refusal decided from the headers, sent once the (small) body has been read.
    var refusal: HTTPResponse?
    /// The answer, once the handler produced it.
    var response: HTTPResponse?
    var headersSent = false
    var bodyOffset = 0
    /// From the request's headers until its response's last byte (or the end of its lingering close).
    var inFlight = true
    /// Answered from the headers while lws still has body bytes to deliver (see LWSServer+Linger).
    var answeredBeforeBody = false
    /// Body bytes dropped after such an answer was decided.
    var discardedBytes = 0
    /// Set once that answer is sent: the connection closes at this time at the latest.
    var lingerDeadline: ContinuousClock.Instant?

    var request: HTTPRequest {
        HTTPRequest(method: method, path: path, query: query, headers: headers, body: body, remoteAddress: remoteAddress,
                    id: "\(connection >> 56)-\(connection & (1 << 56 - 1)).\(serial)")
    }
}
