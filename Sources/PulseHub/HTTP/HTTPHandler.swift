/// What the transport calls for every HTTP request. Implemented by `Router`.
///
/// `preflight` runs on the transport's service thread as soon as the headers are in, so it must
/// be cheap: it refuses requests early (404, 405, 411, 413, 415) before any body is read.
/// `submit` is how the transport hands over a complete request (on its service thread): it must
/// return at once and call `reply` exactly once, from any thread, with the response. By default
/// it runs `handle` on a task of its own.
public protocol HTTPHandler: Sendable {
    func preflight(method: String, path: String, headers: [String: String]) -> HTTPResponse?
    func handle(_ request: HTTPRequest) async -> HTTPResponse
    func submit(_ request: HTTPRequest, reply: @escaping @Sendable (HTTPResponse) -> Void)
}

extension HTTPHandler {
    public func submit(_ request: HTTPRequest, reply: @escaping @Sendable (HTTPResponse) -> Void) {
        Task { reply(await handle(request)) }
    }
}
