import Foundation

/// A `ws://` or `http://` address given on the command line: scheme, host, port and path.
/// A value type, safe to share across threads. TLS schemes (`wss`, `https`) are refused with a
/// clear message, since Pulse's clients speak plain TCP only.
public struct ClientURL: Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    /// The host as written, without brackets for an IPv6 literal.
    public var host: String
    public var port: Int
    /// The path and query, `""` when the URL had none.
    public var path: String

    /// Parses `text`, accepting only `schemes` (scheme → default port).
    /// - Throws: `ClientURLError` naming what is wrong.
    public init(_ text: String, schemes: [String: Int]) throws(ClientURLError) {
        guard let separator = text.range(of: "://") else {
            throw ClientURLError("'\(text)' is not a URL (expected \(Self.expected(schemes)))")
        }
        scheme = text[..<separator.lowerBound].lowercased()
        guard let defaultPort = schemes[scheme] else {
            let hint = scheme == "wss" || scheme == "https" ? " (TLS is not supported; use a local proxy)" : ""
            throw ClientURLError("unsupported scheme '\(scheme)' in '\(text)'\(hint); expected \(Self.expected(schemes))")
        }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        path = String(rest[authorityEnd...].prefix { $0 != "#" })
        if path.hasPrefix("?") { path = "/" + path }
        guard !authority.contains("@") else { throw ClientURLError("user names in URLs are not supported: '\(text)'") }
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw ClientURLError("unclosed '[' in '\(text)'") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw ClientURLError("unexpected '\(after)' after the IPv6 address in '\(text)'")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
        guard !host.isEmpty else { throw ClientURLError("no host in '\(text)'") }
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw ClientURLError("bad port '\(portText)' in '\(text)' (1...65535)")
            }
            port = number
        } else {
            port = defaultPort
        }
    }

    /// `host:port` for a `Host` header (IPv6 literals bracketed).
    public var hostHeader: String {
        (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    public var description: String { "\(scheme)://\(hostHeader)\(path)" }

    private static func expected(_ schemes: [String: Int]) -> String {
        schemes.keys.sorted().map { "\($0)://HOST:PORT/…" }.joined(separator: " or ")
    }
}

/// A malformed or unsupported URL; the description says why.
public struct ClientURLError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
