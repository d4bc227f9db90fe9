import Foundation
import PulseHub
import Testing

@Suite struct AccessPolicyTests {
    let policy = AccessPolicy(tokens: [.ingest: ["ing-1"], .subscribe: ["sub-1", "sub-2"], .admin: ["adm-1"]])

    @Test func rolesAreCheckedPerToken() {
        #expect(policy.decide(token: "ing-1", role: .ingest) == .allowed)
        #expect(policy.decide(token: "sub-2", role: .subscribe) == .allowed)
        #expect(policy.decide(token: "adm-1", role: .ingest) == .allowed)
        #expect(policy.decide(token: "adm-1", role: .subscribe) == .allowed)
        #expect(policy.decide(token: "ing-1", role: .admin) == .forbidden("the token lacks the admin role"))
        #expect(policy.decide(token: "sub-1", role: .ingest) == .forbidden("the token lacks the ingest role"))
        #expect(policy.decide(token: "ing-2", role: .ingest) == .unauthenticated("the token is not valid"))
        #expect(policy.decide(token: "ing-1x", role: .ingest) == .unauthenticated("the token is not valid"))
        #expect(policy.decide(token: nil, role: .ingest) == .unauthenticated("a bearer token is required"))
        #expect(policy.decide(token: "ing 1", role: .ingest) == .unauthenticated("the token is malformed"))
    }

    @Test func authorizationHeaderMustBeBearer() {
        #expect(policy.decide(authorization: "Bearer ing-1", role: .ingest) == .allowed)
        #expect(policy.decide(authorization: "bearer ing-1", role: .ingest) == .allowed)
        #expect(policy.decide(authorization: "Basic aW5nLTE=", role: .ingest) != .allowed)
        #expect(policy.decide(authorization: "Bearer", role: .ingest) != .allowed)
        #expect(policy.decide(authorization: nil, role: .subscribe) != .allowed)
    }

    @Test func noCredentialsMeansOpen() {
        let open = AccessPolicy()
        #expect(open.isOpen)
        #expect(open.decide(token: nil, role: .admin) == .allowed)
        #expect(!policy.isOpen)
    }

    @Test func routesNeedTheDocumentedRoles() {
        #expect(AccessPolicy.requiredRole(method: "POST", path: "/api/posts") == .ingest)
        #expect(AccessPolicy.requiredRole(method: "GET", path: "/api/state") == .subscribe)
        #expect(AccessPolicy.requiredRole(method: "POST", path: "/api/analyze") == .subscribe)
        #expect(AccessPolicy.requiredRole(method: "GET", path: "/metrics") == .subscribe)
        #expect(AccessPolicy.requiredRole(method: "POST", path: "/api/model/train") == .admin)
        #expect(AccessPolicy.requiredRole(method: "POST", path: "/api/model/jobs/3/activate") == .admin)
        #expect(AccessPolicy.requiredRole(method: "GET", path: "/healthz") == nil)
        #expect(AccessPolicy.requiredRole(method: "GET", path: "/readyz") == nil)
        #expect(AccessPolicy.requiredRole(method: "GET", path: "/index.html") == nil)
    }

    @Test func hmacMatchesOpenSSLCommandLine() {
        // The signer covers "timestamp.body"; the reference is the openssl CLI on the same bytes.
        let signer = WebhookSignature(secret: Array("Jefe".utf8), clock: { 0 })
        #expect(signer.sign(timestamp: "what do ya want for nothing?", body: []) == "sha256=" + Self.opensslReference)
    }

    /// `printf 'what do ya want for nothing?.' | openssl dgst -sha256 -hmac Jefe`
    static let opensslReference = "38c6c848e5a2f57451f5095df6370d5c9b83175b99df46422b34960c28def6ae"

    @Test func webhookSignatureChecksBodyTimestampAndTolerance() {
        let now = 1_700_000_000.0
        let signer = WebhookSignature(secret: Array("s3cret".utf8), toleranceSeconds: 300, clock: { now })
        let body = Array(#"{"id":"1","text":"hi"}"#.utf8)
        let good = signer.sign(timestamp: "1700000000", body: body)
        #expect(signer.verify(signature: good, timestamp: "1700000000", body: body) == nil)
        #expect(signer.verify(signature: good.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="), timestamp: "1700000000", body: body) == nil)
        #expect(signer.verify(signature: good, timestamp: "1700000001", body: body) == "the signature does not match the body")
        #expect(signer.verify(signature: good, timestamp: "1700000000", body: body + [0x20]) == "the signature does not match the body")
        let stale = signer.sign(timestamp: "1699999000", body: body)
        #expect(signer.verify(signature: stale, timestamp: "1699999000", body: body)?.contains("tolerance") == true)
        let edge = signer.sign(timestamp: "1699999700", body: body)
        #expect(signer.verify(signature: edge, timestamp: "1699999700", body: body) == nil)
        #expect(signer.verify(signature: "sha256=zz", timestamp: "1700000000", body: body) != nil)
        #expect(signer.verify(signature: nil, timestamp: "1700000000", body: body) != nil)
        #expect(signer.verify(signature: good, timestamp: "soon", body: body) != nil)
    }
}
