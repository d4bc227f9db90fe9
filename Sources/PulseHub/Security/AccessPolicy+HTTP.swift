/// The HTTP side of the access policy: refusals with 401 (`WWW-Authenticate: Bearer`) or 403.
extension AccessPolicy {
    /// Checks the headers of a request before its body is read; nil lets it through. A POST to
    /// `/api/posts` carrying `X-Pulse-Signature` (with a webhook secret configured) is let
    /// through here and checked with its body by `verifyBody`.
    public func preflight(method: String, path: String, headers: [String: String]) -> HTTPResponse? {
        guard !isOpen, let role = Self.requiredRole(method: method, path: path) else { return nil }
        if role == .ingest, webhook != nil, headers["x-pulse-signature"] != nil { return nil }
        return Self.refusal(for: decide(authorization: headers["authorization"], role: role))
    }

    /// Checks a complete `/api/posts` request that chose webhook signing; nil lets it through.
    public func verifyBody(_ request: HTTPRequest) -> HTTPResponse? {
        guard !isOpen, let webhook, let signature = request.headers["x-pulse-signature"] else { return nil }
        guard let why = webhook.verify(signature: signature, timestamp: request.headers["x-pulse-timestamp"], body: request.body) else {
            return nil
        }
        return .error(401, "bad_signature", why, headers: [("WWW-Authenticate", #"Bearer realm="pulse""#)])
    }

    /// The HTTP answer for a refused decision.
    public static func refusal(for decision: Decision) -> HTTPResponse? {
        switch decision {
        case .allowed:
            return nil
        case .unauthenticated(let why):
            return .error(401, "unauthorized", why, headers: [("WWW-Authenticate", #"Bearer realm="pulse", error="invalid_token""#)])
        case .forbidden(let why):
            return .error(403, "forbidden", why, headers: [("WWW-Authenticate", #"Bearer realm="pulse", error="insufficient_scope""#)])
        }
    }
}
