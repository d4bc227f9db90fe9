import PulseStore

/// Pulse's whole configuration as typed values, one struct per section of `Config/pulse.json`.
/// Defaults are the initial values below; every key's meaning, type and range are documented once,
/// in `ConfigSchema.keys`. Filled by `ConfigurationLoader` (file, then `PULSE_*` variables, then
/// flags); code reads the typed fields. A plain value, owned by whoever loaded it.
public struct PulseConfiguration: Sendable {
    /// `server`: where the hub listens and what it tolerates.
    public struct Server: Sendable, Equatable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var idleTimeoutSeconds = 20
        /// Service threads; 0: one per core.
        public var threads = 0
        public var maxConnections = 0
        public var maxClientMessageBytes = 65536
        public var allowedOrigins: [String] = []
        public var tlsCert = ""
        public var tlsKey = ""
        public var lingerSeconds = 5
        public var lingerBytes = 16_777_216
    }

    /// `auth`: tokens by role and the webhook secret.
    public struct Auth: Sendable, Equatable {
        public var ingestTokens: [String] = []
        public var subscribeTokens: [String] = []
        public var adminTokens: [String] = []
        public var webhookSecret = ""
        public var signatureToleranceSeconds = 300
    }

    /// `limits`: what one client or request may hold.
    public struct Limits: Sendable, Equatable {
        public var maxConnectionsPerIP = 0
        public var httpRequestsPerSecond = 0.0
        public var httpBurst = 200
        public var webSocketMessagesPerSecond = 10.0
        public var webSocketBurst = 50
        public var maxBodyBytes = 8_388_608
        public var maxPostsPerRequest = 10_000
        public var maxTextBytes = 20_000
        public var maxHashtagsPerPost = 64
    }

    /// `push`: the delta tick, recovery history and slow-consumer limit.
    public struct Push: Sendable, Equatable {
        public var tickMilliseconds = 200
        public var historySize = 1024
        public var historyBytes = 67_108_864
        public var outboxLimitBytes = 4_194_304
    }

    /// `store`: the live state's data directory and sizes.
    public struct Store: Sendable, Equatable {
        public var dataDir = "data"
        public var fsync = FsyncMode.batch
        public var snapshotIntervalSeconds = 60
        public var model = "auto"
        public var recentPosts = 200
        public var idempotencyWindow = 1_000_000
        public var topHashtags = 20
    }

    /// `watch`: folders ingested as they grow, and how CSV columns map to post fields.
    public struct Watch: Sendable, Equatable {
        public var directories: [String] = []
        public var csvColumns = ["text=text", "id=id", "hashtags=hashtags", "author=author", "platform=platform",
                                 "created_at=created_at"]

        /// The CSV header name of each post field (`csvColumns` as a map; validated on load).
        public var csvColumnMap: [String: String] {
            var map: [String: String] = [:]
            for pair in csvColumns {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { map[parts[0]] = parts[1] }
            }
            return map
        }
    }

    /// `demo`: the synthetic demo feed.
    public struct Demo: Sendable, Equatable {
        public var enabled = false
        public var rate = 20.0
        public var seed = 42
    }

    /// `cluster`: several nodes on one Redis (cluster mode); `redis` empty = a single node.
    public struct Cluster: Sendable, Equatable {
        public var redis = ""
        public var name = "pulse"
        public var node = ""
        public var waitReplicas = 0
        public var leasePeriodMilliseconds = 2000
    }

    /// `log`: how much the process logs, and in which form.
    public struct Logging: Sendable, Equatable {
        public var level = LogLevel.info
        public var format = LogFormat.text
    }

    public var server = Server()
    public var auth = Auth()
    public var limits = Limits()
    public var push = Push()
    public var store = Store()
    public var watch = Watch()
    public var demo = Demo()
    public var cluster = Cluster()
    public var log = Logging()

    /// Where each key that is not at its default got its value: a file path, `PULSE_…` or a flag.
    public internal(set) var origins: [String: String] = [:]

    public init() {}

    /// Where `path`'s value came from: its origin, or "default".
    public func origin(of path: String) -> String { origins[path] ?? "default" }

    /// A bad configuration value: the key, where it came from, and why. Stops start-up.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }
}
