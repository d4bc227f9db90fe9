/// How the libwebsockets server listens and what it tolerates. A plain value, filled by the
/// composition root from Pulse's configuration.
public struct LWSServerConfiguration: Sendable {
    /// Address to bind ("127.0.0.1", "0.0.0.0", "::1").
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (read it back from `LWSServer.port`).
    public var port = 8080
    /// Largest complete WebSocket message a client may send.
    public var maxClientMessageBytes = 64 << 10
    /// Seconds a connection may take to send its headers, or sit idle.
    public var idleTimeoutSeconds = 20
    /// libwebsockets service threads, each with its own context on the same port.
    public var serviceThreads = 1
    /// Most sockets the server will hold, shared out evenly over its service threads (kept below
    /// `ulimit -n`; 0: as many as that allows).
    public var maxConnections = 0
    /// libwebsockets' own log levels (a bit set of LLL_*); errors and warnings by default.
    public var libraryLogLevel: Int32 = 3
    /// Most open sockets from one client address (0: no limit).
    public var maxConnectionsPerAddress = 0
    /// Per-address token bucket for HTTP requests (0: off) and its burst.
    public var httpRequestsPerSecond = 0.0
    public var httpBurst = 1.0
    /// Per-connection token bucket for client WebSocket messages (0: off) and its burst.
    public var webSocketMessagesPerSecond = 0.0
    public var webSocketBurst = 1.0
    /// Origins allowed to open WebSockets (`https://example.org`); empty: the Host's own origin only.
    public var allowedOrigins: [String] = []
    /// PEM certificate (chain) and private key; both empty: plain HTTP.
    public var tlsCertificatePath = ""
    public var tlsKeyPath = ""
    /// After an answer sent before the request body was read (413, 411, 401, 429, ...), seconds
    /// and bytes of the body still read and dropped before closing, so the client can read it.
    public var lingerSeconds = 5
    public var lingerBytes = 16 << 20
    /// Seconds a graceful shutdown waits for in-flight requests and WebSocket closes.
    public var drainSeconds = 5.0
    /// Receives the server's notable events (shutdown steps) and libwebsockets' own log lines;
    /// called on the service thread, must not block.
    public var events: @Sendable (LWSServerEvent) -> Void = { _ in }

    /// Seconds between heartbeat comments on a quiet Server-Sent Events stream.
    public var eventStreamHeartbeatSeconds = 15

    public init() {}
}

/// Something the transport reports to the composition root's log.
public enum LWSServerEvent: Sendable {
    /// A line libwebsockets logged, with its LLL_* level bit.
    case library(level: Int32, line: String)
    /// A step of the graceful shutdown, with the connections it concerns.
    case draining(step: String, requests: Int, webSockets: Int)
    /// The accept thread hit a problem (out of descriptors: it waits and retries; any other
    /// error: it stops, and no new connection is accepted).
    case accepting(problem: String)
}
