import PulseStore

/// Every configuration key Pulse knows: its section, type, range, meaning, and the typed field
/// of `PulseConfiguration` it fills. This table is the one place each key is documented; the
/// shipped `Config/pulse.json` is it written out (`pulse config`), and a test keeps them equal.
/// Immutable; safe from any thread.
public enum ConfigSchema {
    public static let sections: [(name: String, doc: String)] = [
        ("server", "Where the hub listens and how long it waits for slow clients."),
        ("auth", "Who may ingest, subscribe and administer; nothing configured = open (loopback only without --insecure)."),
        ("limits", "What one request may hold; bigger requests get 413, bad posts 400."),
        ("push", "WebSocket push: tick, recovery history and the slow-consumer limit."),
        ("store", "The live state: data directory, recent posts, idempotency window."),
        ("watch", "Folders whose *.jsonl, *.ndjson and *.csv files are ingested as they grow."),
        ("demo", "The synthetic demo feed (`pulse serve --demo`)."),
        ("cluster", "Cluster mode: several nodes share one live state through a Redis Stream (empty redis = a single node on its WAL)."),
        ("log", "What the process logs (standard error) and in which form."),
    ]

    public static let keys: [Key] = [
        .text("server", "host", \.server.host, "Address to bind; 0.0.0.0 or :: for every interface."),
        .integer("server", "port", \.server.port, 0...65535, "TCP port; 0 picks a free port (printed in the first log line)."),
        .integer("server", "idleTimeoutSeconds", \.server.idleTimeoutSeconds, 1...3600,
                 "Seconds a connection may take to send its headers or sit idle."),
        .integer("server", "threads", \.server.threads, 0...64,
                 "Service threads, each a libwebsockets event loop of its own on the same port; 0 = one per core."),
        .integer("server", "maxConnections", \.server.maxConnections, 0...1_000_000,
                 "Most open sockets, over all service threads; 0 means just below the process's file limit."),
        .integer("server", "maxClientMessageBytes", \.server.maxClientMessageBytes, 256...(16 << 20),
                 "Largest WebSocket message a client may send (close 1009 beyond)."),
        .list("server", "allowedOrigins", \.server.allowedOrigins,
              "Origins (scheme://host[:port]) allowed to open WebSockets; empty = only the origin matching the Host header. Requests without Origin (non-browsers) pass."),
        .text("server", "tlsCert", \.server.tlsCert,
              "PEM certificate file; with tlsKey the hub speaks HTTPS/WSS only (ALPN http/1.1). Empty = plain HTTP."),
        .text("server", "tlsKey", \.server.tlsKey, "PEM private key file of tlsCert."),
        .integer("server", "lingerSeconds", \.server.lingerSeconds, 0...60,
                 "After an answer sent before the body was read (413, 411, 401, 429...), seconds the rest is still read and dropped so the client sees the answer; 0 = close at once."),
        .integer("server", "lingerBytes", \.server.lingerBytes, 0...(1 << 30), "Most body bytes read and dropped in that lingering close."),
        .list("auth", "ingestTokens", \.auth.ingestTokens, "Bearer tokens with the ingest role (POST /api/posts).", secret: true),
        .list("auth", "subscribeTokens", \.auth.subscribeTokens,
              "Bearer tokens with the subscribe role (WebSocket, /api/state, /api/analyze, /api/model, /metrics).", secret: true),
        .list("auth", "adminTokens", \.auth.adminTokens,
              "Bearer tokens with the admin role (model training and activation; includes ingest and subscribe).", secret: true),
        .text("auth", "webhookSecret", \.auth.webhookSecret,
              "Shared secret of signed webhooks (X-Pulse-Signature: sha256=HMAC of timestamp.body); empty = off.", secret: true),
        .integer("auth", "signatureToleranceSeconds", \.auth.signatureToleranceSeconds, 1...86_400,
                 "Largest difference between X-Pulse-Timestamp and the server's clock."),
        .integer("limits", "maxConnectionsPerIP", \.limits.maxConnectionsPerIP, 0...1_000_000,
                 "Most open sockets from one client address (0 = no limit; e.g. 256 when exposed without a proxy); more are closed on accept."),
        .number("limits", "httpRequestsPerSecond", \.limits.httpRequestsPerSecond, 0...1_000_000,
                "Per-address token bucket for HTTP requests (0 = off; e.g. 100 when exposed without a proxy); beyond it 429 with Retry-After."),
        .integer("limits", "httpBurst", \.limits.httpBurst, 1...1_000_000,
                 "HTTP requests one address may make at once before the rate applies."),
        .number("limits", "webSocketMessagesPerSecond", \.limits.webSocketMessagesPerSecond, 0...1_000_000,
                "Token bucket per WebSocket connection for client messages (0 = off); beyond it close 4029."),
        .integer("limits", "webSocketBurst", \.limits.webSocketBurst, 1...1_000_000,
                 "Client messages one WebSocket connection may send at once before the rate applies."),
        .integer("limits", "maxBodyBytes", \.limits.maxBodyBytes, 1024...(1 << 30), "Largest request body (413 beyond)."),
        .integer("limits", "maxPostsPerRequest", \.limits.maxPostsPerRequest, 1...1_000_000, "Most posts in one request (413 beyond)."),
        .integer("limits", "maxTextBytes", \.limits.maxTextBytes, 1...1_000_000, "Longest post text in UTF-8 bytes (400 beyond)."),
        .integer("limits", "maxHashtagsPerPost", \.limits.maxHashtagsPerPost, 1...10_000, "Most explicit hashtags on one post (400 beyond)."),
        .integer("push", "tickMilliseconds", \.push.tickMilliseconds, 10...60_000,
                 "How often a delta is emitted (only when something changed)."),
        .integer("push", "historySize", \.push.historySize, 1...1_000_000, "Deltas kept for epoch/offset recovery."),
        .integer("push", "historyBytes", \.push.historyBytes, 65_536...(1 << 34),
                 "Most encoded bytes of those deltas (the oldest go first; a busy hub's deltas carry thousands of posts)."),
        .integer("push", "outboxLimitBytes", \.push.outboxLimitBytes, 1024...(1 << 30),
                 "Unsent bytes after which a subscriber is closed with 4008."),
        .text("store", "dataDir", \.store.dataDir, "Directory for the write-ahead log and snapshots."),
        .choice("store", "fsync", \.store.fsync,
                "When a 202 is sent: never (after the write, no fsync), batch (after a shared fsync), always (fsync per request)."),
        .integer("store", "snapshotIntervalSeconds", \.store.snapshotIntervalSeconds, 1...86_400,
                 "Seconds between snapshots of the state (one is also written on clean shutdown)."),
        .text("store", "model", \.store.model,
              "Engagement model file; auto = DATA_DIR/engagement-model.json (the last one trained) if present, else Config/engagement-model.json; none = no predictions."),
        .integer("store", "recentPosts", \.store.recentPosts, 1...100_000, "Posts kept for the feed and new subscribers' snapshots."),
        .integer("store", "idempotencyWindow", \.store.idempotencyWindow, 1...100_000_000,
                 "Most recent post ids remembered; a repeated id inside it is a duplicate."),
        .integer("store", "topHashtags", \.store.topHashtags, 1...1000, "Hashtags listed in the trending topic."),
        .list("watch", "directories", \.watch.directories, "Folders to watch (also --watch DIR, repeatable)."),
        .list("watch", "csvColumns", \.watch.csvColumns,
              "CSV header name for each post field, as field=Column; other numeric columns are kept as metrics.",
              check: Self.checkColumnMapping),
        .flag("demo", "enabled", \.demo.enabled, "Feed synthetic posts through the ingest pipeline."),
        .number("demo", "rate", \.demo.rate, 0.1...1_000_000, "Demo posts per second."),
        .integer("demo", "seed", \.demo.seed, 0...Int.max, "Seed of the demo stream (same seed, same posts)."),
        .text("cluster", "redis", \.cluster.redis,
              "redis://HOST[:PORT][/DB] of the cluster's Redis; empty = a single node on its local WAL."),
        .text("cluster", "name", \.cluster.name, "The cluster (its Redis keys are pulse:{NAME}:...); nodes with the same name share one state."),
        .text("cluster", "node", \.cluster.node, "This node's name, unique in the cluster; empty = HOSTNAME-PID."),
        .integer("cluster", "waitReplicas", \.cluster.waitReplicas, 0...16,
                 "Redis replicas that must have a batch before its 202 (WAIT); 0 = the primary's answer is enough."),
        .integer("cluster", "leasePeriodMilliseconds", \.cluster.leasePeriodMilliseconds, 200...60_000,
                 "The leader lease: a node that stops renewing it is replaced after at most this long."),
        .choice("log", "level", \.log.level, "Least severe level logged: debug, info, warn or error."),
        .choice("log", "format", \.log.format, "text (one readable line per event) or json (one JSON object per line)."),
    ]

    /// The key `section.name`, e.g. `server.port`.
    public static func key(_ path: String) -> Key? { keys.first { $0.path == path } }

    /// The post fields a CSV column may be mapped to.
    public static let csvPostFields: Set<String> = ["text", "id", "hashtags", "author", "platform", "created_at"]

    /// Each `watch.csvColumns` entry must be `field=Column` with a known post field.
    static func checkColumnMapping(_ entries: [String]) -> String? {
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else { return "entry '\(entry)' must be field=Column" }
            guard csvPostFields.contains(parts[0]) else {
                return "entry '\(entry)' maps unknown field '\(parts[0])' (fields: \(csvPostFields.sorted().joined(separator: ", ")))"
            }
        }
        return nil
    }
}
