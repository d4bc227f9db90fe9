import CCrypto

/// Who may do what: the bearer tokens of each role and the webhook secret, from the `auth`
/// section of the configuration. With no token and no secret configured everything is open
/// (`pulse serve` allows that only on a loopback address). Immutable and thread-safe.
///
/// Tokens are never compared directly: each is reduced to its HMAC-SHA256 under a key drawn at
/// start-up, and the digests are compared with OpenSSL's `CRYPTO_memcmp`, so neither the content
/// nor the length of a configured token shows in the time a check takes.
public struct AccessPolicy: Sendable {
    /// A permission. `admin` includes the other two.
    public enum Role: String, Sendable, CaseIterable {
        case ingest, subscribe, admin
    }

    /// The outcome of checking a presented credential against a role.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// No credential, or one that is malformed or unknown (HTTP 401, WebSocket close 4001).
        case unauthenticated(String)
        /// A known token without the role (HTTP 403, WebSocket close 4001).
        case forbidden(String)
    }

    private let digestKey: [UInt8]
    private let tokens: [(digest: [UInt8], roles: Set<Role>)]
    /// The shared secret of signed webhooks (empty: signatures are not accepted).
    public let webhook: WebhookSignature?

    /// True when no credential is configured: every request is allowed.
    public var isOpen: Bool { tokens.isEmpty && webhook == nil }

    /// - Parameters:
    ///   - tokens: the bearer tokens of each role (empty strings are ignored).
    ///   - webhook: the webhook signature checker, if a secret is configured.
    public init(tokens: [Role: [String]] = [:], webhook: WebhookSignature? = nil) {
        digestKey = (0..<32).map { _ in UInt8.random(in: 0...255) }
        var byToken: [String: Set<Role>] = [:]
        for (role, list) in tokens {
            for token in list where !token.isEmpty { byToken[token, default: []].insert(role) }
        }
        let key = digestKey
        self.tokens = byToken.map { (Self.digest(Array($0.key.utf8), key: key), $0.value) }
        self.webhook = webhook
    }

    /// The policy the configuration's `auth` section describes.
    public init(configuration auth: PulseConfiguration.Auth, clock: @escaping @Sendable () -> Double) {
        self.init(tokens: [.ingest: auth.ingestTokens, .subscribe: auth.subscribeTokens, .admin: auth.adminTokens],
                  webhook: auth.webhookSecret.isEmpty ? nil : WebhookSignature(secret: Array(auth.webhookSecret.utf8),
                                                                              toleranceSeconds: Double(auth.signatureToleranceSeconds),
                                                                              clock: clock))
    }

    /// The role a request needs, or nil for open routes (health, readiness, static files).
    public static func requiredRole(method: String, path: String) -> Role? {
        switch path {
        case "/api/posts": return .ingest
        case "/api/state", "/api/analyze", "/api/eval/sentiment", "/api/model", "/metrics": return .subscribe
        case "/api/model/train": return .admin
        default: return path.hasPrefix("/api/model/jobs") ? .admin : nil
        }
    }

    /// Checks a raw token (from a bearer header, a subscribe message or a `?token=` parameter).
    public func decide(token: String?, role: Role) -> Decision {
        if isOpen { return .allowed }
        guard let token, !token.isEmpty else { return .unauthenticated("a bearer token is required") }
        guard token.utf8.count <= 4096, token.utf8.allSatisfy(Self.isTokenByte) else {
            return .unauthenticated("the token is malformed")
        }
        let presented = Self.digest(Array(token.utf8), key: digestKey)
        var roles: Set<Role>?
        for entry in tokens where Self.equalDigests(entry.digest, presented) { roles = entry.roles }
        guard let roles else { return .unauthenticated("the token is not valid") }
        if roles.contains(role) || roles.contains(.admin) { return .allowed }
        return .forbidden("the token lacks the \(role.rawValue) role")
    }

    /// Checks an `Authorization` header value (`Bearer <token>`).
    public func decide(authorization: String?, role: Role) -> Decision {
        if isOpen { return .allowed }
        guard let authorization else { return .unauthenticated("a bearer token is required") }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .unauthenticated("the Authorization header must be `Bearer <token>`")
        }
        return decide(token: String(parts[1]).trimmingSpaces.description, role: role)
    }

    /// RFC 6750's token characters: letters, digits and `-._~+/=`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"),
             UInt8(ascii: "="): true
        default: false
        }
    }

    static func digest(_ bytes: [UInt8], key: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = key.withUnsafeBytes { keyBytes in
            bytes.withUnsafeBytes { data in
                pulse_hmac_sha256(keyBytes.baseAddress, keyBytes.count, data.baseAddress, data.count, &out)
            }
        }
        precondition(ok == 1, "HMAC-SHA256 failed in libcrypto")
        return out
    }

    /// Constant-time equality of two byte strings of the same length.
    static func equalDigests(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in pulse_constant_time_compare(x.baseAddress, y.baseAddress, x.count) == 0 } }
    }
}
