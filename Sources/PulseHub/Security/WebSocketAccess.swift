import Synchronization

/// Authorises WebSocket subscriptions. A subscriber needs the `subscribe` role through the
/// `token` field of its subscribe message, else the `?token=` parameter of the `/ws` URL, else an
/// `Authorization: Bearer` header on the upgrade request. Thread-safe (one lock over the tokens
/// each connection brought with its upgrade request).
public final class WebSocketAccess: Sendable {
    public let policy: AccessPolicy
    private let upgradeTokens = Mutex<[UInt64: String]>([:])

    public init(policy: AccessPolicy = AccessPolicy()) { self.policy = policy }

    /// Remembers the credential of a new connection's upgrade request (the transport calls this).
    public func connected(_ id: UInt64, urlToken: String?, authorization: String?) {
        guard !policy.isOpen else { return }
        var token = urlToken
        if token == nil, let authorization {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { token = String(parts[1]) }
        }
        guard let token else { return }
        upgradeTokens.withLock { $0[id] = token }
    }

    public func disconnected(_ id: UInt64) {
        guard !policy.isOpen else { return }
        _ = upgradeTokens.withLock { $0.removeValue(forKey: id) }
    }

    /// Nil when connection `id` may subscribe with a message carrying `messageToken`; else the
    /// close reason (sent with code 4001).
    public func refusal(_ id: UInt64, messageToken: String?) -> String? {
        if policy.isOpen { return nil }
        let token = messageToken ?? upgradeTokens.withLock { $0[id] }
        switch policy.decide(token: token, role: .subscribe) {
        case .allowed: return nil
        case .unauthenticated(let why), .forbidden(let why): return why
        }
    }
}
