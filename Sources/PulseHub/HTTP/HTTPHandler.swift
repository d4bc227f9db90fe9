/// What the transport calls for every HTTP request. Implemented by `Router`.
///
/// `preflight` runs on the transport's service thread as soon as the headers are in, so it must
/// be cheap: it refuses requests early (404, 405, 411, 413, 415) before any body is read.
/// `handle` runs on a task off that thread with the complete body.
public protocol HTTPHandler: Sendable {
    func preflight(method: String, path: String, headers: [String: String]) -> HTTPResponse?
    func handle(_ request: HTTPRequest) async -> HTTPResponse
}
