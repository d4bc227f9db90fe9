/// Every configuration key Pulse knows: its section, type, default and meaning. The shipped
/// `Config/pulse.json` is this table written out (`pulse config`), and a test keeps them equal.
public enum ConfigSchema {
    /// What values a key takes.
    public enum Kind: Sendable {
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case string
        case boolean
        case strings
        case choice([String])
    }

    /// One key: `section.name`, e.g. `server.port`.
    public struct Key: Sendable {
        public let section: String
        public let name: String
        public let kind: Kind
        public let defaultValue: JSONValue
        public let doc: String
        public var path: String { section + "." + name }
        /// `PULSE_SERVER_PORT` for `server.port`.
        public var environmentName: String {
            var snake = ""
            for character in name {
                if character.isUppercase { snake += "_" }
                snake += character.uppercased()
            }
            return "PULSE_\(section.uppercased())_\(snake)"
        }
    }

    public static let sections: [(name: String, doc: String)] = [
        ("server", "Where the hub listens and how long it waits for slow clients."),
        ("auth", "Who may ingest, subscribe and administer; nothing configured = open (loopback only without --insecure)."),
        ("limits", "What one request may hold; bigger requests get 413, bad posts 400."),
        ("push", "WebSocket push: tick, recovery history and the slow-consumer limit."),
        ("store", "The live state: data directory, recent posts, idempotency window."),
        ("watch", "Folders whose *.jsonl, *.ndjson and *.csv files are ingested as they grow."),
        ("demo", "The synthetic demo feed (`pulse serve --demo`)."),
    ]

    public static let keys: [Key] = [
        Key(section: "server", name: "host", kind: .string, defaultValue: .string("127.0.0.1"),
            doc: "Address to bind; 0.0.0.0 or :: for every interface."),
        Key(section: "server", name: "port", kind: .integer(0...65535), defaultValue: .number(8080),
            doc: "TCP port; 0 picks a free port (printed in the first log line)."),
        Key(section: "server", name: "idleTimeoutSeconds", kind: .integer(1...3600), defaultValue: .number(20),
            doc: "Seconds a connection may take to send its headers or sit idle."),
        Key(section: "server", name: "maxConnections", kind: .integer(0...1_000_000), defaultValue: .number(0),
            doc: "Most open sockets; 0 means just below the process's file limit."),
        Key(section: "server", name: "maxClientMessageBytes", kind: .integer(256...(16 << 20)), defaultValue: .number(65536),
            doc: "Largest WebSocket message a client may send (close 1009 beyond)."),
        Key(section: "auth", name: "ingestTokens", kind: .strings, defaultValue: .array([]),
            doc: "Bearer tokens with the ingest role (POST /api/posts)."),
        Key(section: "auth", name: "subscribeTokens", kind: .strings, defaultValue: .array([]),
            doc: "Bearer tokens with the subscribe role (WebSocket, /api/state, /api/analyze, /api/model, /metrics)."),
        Key(section: "auth", name: "adminTokens", kind: .strings, defaultValue: .array([]),
            doc: "Bearer tokens with the admin role (model training and activation; includes ingest and subscribe)."),
        Key(section: "auth", name: "webhookSecret", kind: .string, defaultValue: .string(""),
            doc: "Shared secret of signed webhooks (X-Pulse-Signature: sha256=HMAC of timestamp.body); empty = off."),
        Key(section: "auth", name: "signatureToleranceSeconds", kind: .integer(1...86_400), defaultValue: .number(300),
            doc: "Largest difference between X-Pulse-Timestamp and the server's clock."),
        Key(section: "server", name: "allowedOrigins", kind: .strings, defaultValue: .array([]),
            doc: "Origins (scheme://host[:port]) allowed to open WebSockets; empty = only the origin matching the Host header. Requests without Origin (non-browsers) pass."),
        Key(section: "server", name: "tlsCert", kind: .string, defaultValue: .string(""),
            doc: "PEM certificate file; with tlsKey the hub speaks HTTPS/WSS only (ALPN http/1.1). Empty = plain HTTP."),
        Key(section: "server", name: "tlsKey", kind: .string, defaultValue: .string(""),
            doc: "PEM private key file of tlsCert."),
        Key(section: "server", name: "lingerSeconds", kind: .integer(0...60), defaultValue: .number(5),
            doc: "After an answer sent before the body was read (413, 411, 401, 429...), seconds the rest is still read and dropped so the client sees the answer; 0 = close at once."),
        Key(section: "server", name: "lingerBytes", kind: .integer(0...(1 << 30)), defaultValue: .number(16_777_216),
            doc: "Most body bytes read and dropped in that lingering close."),
        Key(section: "limits", name: "maxConnectionsPerIP", kind: .integer(0...1_000_000), defaultValue: .number(0),
            doc: "Most open sockets from one client address (0 = no limit; e.g. 256 when exposed without a proxy); more are closed on accept."),
        Key(section: "limits", name: "httpRequestsPerSecond", kind: .number(0...1_000_000), defaultValue: .number(0),
            doc: "Per-address token bucket for HTTP requests (0 = off; e.g. 100 when exposed without a proxy); beyond it 429 with Retry-After."),
        Key(section: "limits", name: "httpBurst", kind: .integer(1...1_000_000), defaultValue: .number(200),
            doc: "HTTP requests one address may make at once before the rate applies."),
        Key(section: "limits", name: "webSocketMessagesPerSecond", kind: .number(0...1_000_000), defaultValue: .number(10),
            doc: "Token bucket per WebSocket connection for client messages (0 = off); beyond it close 4029."),
        Key(section: "limits", name: "webSocketBurst", kind: .integer(1...1_000_000), defaultValue: .number(50),
            doc: "Client messages one WebSocket connection may send at once before the rate applies."),
        Key(section: "limits", name: "maxBodyBytes", kind: .integer(1024...(1 << 30)), defaultValue: .number(8_388_608),
            doc: "Largest request body (413 beyond)."),
        Key(section: "limits", name: "maxPostsPerRequest", kind: .integer(1...1_000_000), defaultValue: .number(10000),
            doc: "Most posts in one request (413 beyond)."),
        Key(section: "limits", name: "maxTextBytes", kind: .integer(1...1_000_000), defaultValue: .number(20000),
            doc: "Longest post text in UTF-8 bytes (400 beyond)."),
        Key(section: "limits", name: "maxHashtagsPerPost", kind: .integer(1...10_000), defaultValue: .number(64),
            doc: "Most explicit hashtags on one post (400 beyond)."),
        Key(section: "push", name: "tickMilliseconds", kind: .integer(10...60_000), defaultValue: .number(200),
            doc: "How often a delta is emitted (only when something changed)."),
        Key(section: "push", name: "historySize", kind: .integer(1...1_000_000), defaultValue: .number(1024),
            doc: "Deltas kept for epoch/offset recovery."),
        Key(section: "push", name: "outboxLimitBytes", kind: .integer(1024...(1 << 30)), defaultValue: .number(4_194_304),
            doc: "Unsent bytes after which a subscriber is closed with 4008."),
        Key(section: "store", name: "dataDir", kind: .string, defaultValue: .string("data"),
            doc: "Directory for the write-ahead log and snapshots."),
        Key(section: "store", name: "fsync", kind: .choice(["never", "batch", "always"]), defaultValue: .string("batch"),
            doc: "When a 202 is sent: never (after the write, no fsync), batch (after a shared fsync), always (fsync per request)."),
        Key(section: "store", name: "snapshotIntervalSeconds", kind: .integer(1...86_400), defaultValue: .number(60),
            doc: "Seconds between snapshots of the state (one is also written on clean shutdown)."),
        Key(section: "store", name: "model", kind: .string, defaultValue: .string("auto"),
            doc: "Engagement model file; auto = DATA_DIR/engagement-model.json (the last one trained) if present, else Config/engagement-model.json; none = no predictions."),
        Key(section: "store", name: "recentPosts", kind: .integer(1...100_000), defaultValue: .number(200),
            doc: "Posts kept for the feed and new subscribers' snapshots."),
        Key(section: "store", name: "idempotencyWindow", kind: .integer(1...100_000_000), defaultValue: .number(1_000_000),
            doc: "Most recent post ids remembered; a repeated id inside it is a duplicate."),
        Key(section: "store", name: "topHashtags", kind: .integer(1...1000), defaultValue: .number(20),
            doc: "Hashtags listed in the trending topic."),
        Key(section: "watch", name: "directories", kind: .strings, defaultValue: .array([]),
            doc: "Folders to watch (also --watch DIR, repeatable)."),
        Key(section: "watch", name: "csvColumns", kind: .strings,
            defaultValue: .array(["text=text", "id=id", "hashtags=hashtags", "author=author", "platform=platform", "created_at=created_at"]
                .map { .string($0) }),
            doc: "CSV header name for each post field, as field=Column; other numeric columns are kept as metrics."),
        Key(section: "demo", name: "enabled", kind: .boolean, defaultValue: .bool(false),
            doc: "Feed synthetic posts through the ingest pipeline."),
        Key(section: "demo", name: "rate", kind: .number(0.1...1_000_000), defaultValue: .number(20),
            doc: "Demo posts per second."),
        Key(section: "demo", name: "seed", kind: .integer(0...Int.max), defaultValue: .number(42),
            doc: "Seed of the demo stream (same seed, same posts)."),
    ]

    public static func key(_ path: String) -> Key? { keys.first { $0.path == path } }

    /// The defaults as the documented JSON file (`Config/pulse.json`).
    public static func defaultsDocument() -> String {
        var lines = ["{", "  \"_doc\": \"Pulse configuration: every key with its default. --config FILE, then PULSE_<SECTION>_<KEY> environment variables, then command-line flags override these, in that order.\","]
        for (sectionIndex, section) in sections.enumerated() {
            lines.append("  \"\(section.name)\": {")
            let sectionKeys = keys.filter { $0.section == section.name }
            var entries = ["    \"_doc\": \(quoted(section.doc))"]
            for key in sectionKeys {
                var writer = JSONWriter()
                writer.value(key.defaultValue)
                entries.append("    \"\(key.name)\": \(String(decoding: writer.bytes, as: UTF8.self))")
            }
            entries.append("    \"_keys\": {" + sectionKeys.map { "\"\($0.name)\": \(quoted($0.doc))" }.joined(separator: ", ") + "}")
            lines.append(entries.joined(separator: ",\n"))
            lines.append(sectionIndex == sections.count - 1 ? "  }" : "  },")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ text: String) -> String {
        var writer = JSONWriter()
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
