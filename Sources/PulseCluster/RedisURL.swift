/// Where a cluster's Redis is: `redis://HOST[:PORT][/DB]`, the value of config `cluster.redis`.
/// The port defaults to 6379, the database to 0. TLS (`rediss://`), Unix sockets and credentials
/// are not supported (Pulse connects AUTH-less), and are rejected with an error naming the part.
/// A plain value, usable from any thread.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let database: Int

    public init(host: String, port: Int = 6379, database: Int = 0) {
        self.host = host
        self.port = port
        self.database = database
    }

    /// Why a `cluster.redis` value was refused: which part of the URL, and why.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let part: String
        public let reason: String
        public var description: String { "cluster.redis: bad \(part): \(reason)" }
    }

    /// Parses `text`; throws `ParseError` naming the scheme, host, port, database or the rest.
    public init(parsing text: String) throws {
        func fail(_ part: String, _ reason: String) -> ParseError { ParseError(part: part, reason: reason) }
        guard let schemeEnd = text.firstRange(of: "://") else {
            throw fail("scheme", "expected redis://HOST:PORT[/DB], got \"\(text)\"")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "redis" else {
            throw fail("scheme", "\"\(scheme)\" is not supported, only redis:// (no TLS, no unix sockets)")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        if rest.contains("?") || rest.contains("#") {
            throw fail("query", "options after ? or # are not supported")
        }
        if rest.contains("@") {
            throw fail("credentials", "user:password@ is not supported (Pulse connects without AUTH)")
        }
        var databaseText: Substring?
        if let slash = rest.firstIndex(of: "/") {
            databaseText = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw fail("host", "IPv6 address without closing ]") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("port", "expected :PORT after ]") }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw fail("host", "empty") }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || ".-_:".contains($0) }) else {
            throw fail("host", "\"\(host)\" contains characters a host name cannot have")
        }
        var port = 6379
        if let portText {
            guard let value = Int(portText), value >= 1, value <= 65535, portText.allSatisfy(\.isASCII) else {
                throw fail("port", "\"\(portText)\" is not a number from 1 to 65535")
            }
            port = value
        }
        var database = 0
        if let databaseText, !databaseText.isEmpty {
            guard let value = Int(databaseText), value >= 0, databaseText.allSatisfy(\.isASCII) else {
                throw fail("database", "\"\(databaseText)\" is not a database number (0 or more)")
            }
            database = value
        }
        self.init(host: String(host), port: port, database: database)
    }

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "redis://\(shownHost):\(port)/\(database)"
    }
}
