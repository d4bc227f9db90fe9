import CCrypto

/// Verifies signed webhook requests: `X-Pulse-Timestamp: <unix seconds>` and
/// `X-Pulse-Signature: sha256=<hex>`, where the hex is HMAC-SHA256 under the shared secret of
/// `timestamp + "." + raw body` (OpenSSL's libcrypto). A timestamp further than the tolerance
/// from now is refused, so a captured request cannot be replayed later. Immutable, thread-safe.
public struct WebhookSignature: Sendable {
    public let toleranceSeconds: Double
    private let secret: [UInt8]
    private let clock: @Sendable () -> Double

    public init(secret: [UInt8], toleranceSeconds: Double = 300, clock: @escaping @Sendable () -> Double) {
        self.secret = secret
        self.toleranceSeconds = toleranceSeconds
        self.clock = clock
    }

    /// The `sha256=<hex>` header value for `body` sent at `timestamp` (used by clients and tests).
    public func sign(timestamp: String, body: [UInt8]) -> String {
        "sha256=" + Self.hex(mac(Array(timestamp.utf8) + [UInt8(ascii: ".")] + body))
    }

    /// Nil when the signature and timestamp are valid; otherwise why not.
    public func verify(signature: String?, timestamp: String?, body: [UInt8]) -> String? {
        guard let signature, let timestamp else { return "X-Pulse-Signature and X-Pulse-Timestamp are both required" }
        guard timestamp.utf8.count <= 12, let seconds = Int64(timestamp), seconds >= 0 else {
            return "X-Pulse-Timestamp must be unix seconds"
        }
        let skew = clock() - Double(seconds)
        guard abs(skew) <= toleranceSeconds else {
            return "the timestamp is \(Int(skew)) s from the server's clock; the tolerance is \(Int(toleranceSeconds)) s"
        }
        guard signature.hasPrefix("sha256="), let presented = Self.unhex(signature.dropFirst(7)), presented.count == 32 else {
            return "X-Pulse-Signature must be sha256=<64 hex digits>"
        }
        let expected = mac(Array(timestamp.utf8) + [UInt8(ascii: ".")] + body)
        return AccessPolicy.equalDigests(presented, expected) ? nil : "the signature does not match the body"
    }

    private func mac(_ bytes: [UInt8]) -> [UInt8] { AccessPolicy.digest(bytes, key: secret) }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unhex(_ text: Substring) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out = [UInt8]()
        var index = 0
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
