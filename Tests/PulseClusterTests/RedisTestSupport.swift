import Foundation
import Testing
import PulseCluster
import PulseTesting

/// Every cluster suite is nested in this one, so that they run one test at a time: each test
/// starts its own redis-server, and several assert bounded waits (a takeover, a wake-up).
@Suite(.serialized) struct ClusterSuites {}

/// Helpers shared by the cluster suites (each test starts its own real redis-server).
enum RedisTest {
    static func url(_ server: RedisServer) throws -> RedisURL { try RedisURL(parsing: server.url) }

    /// Options with short timeouts, so fault tests finish quickly.
    static func options(_ server: RedisServer, cluster: String = "test") throws -> ClusterLogOptions {
        var options = try ClusterLogOptions(url: try url(server), cluster: cluster)
        options.connectTimeoutMilliseconds = 500
        options.commandTimeoutMilliseconds = 1000
        options.readBlockMilliseconds = 200
        options.reconnectMaximumMilliseconds = 200
        return options
    }

    /// Runs `body` on a fresh connection, made and used without a suspension point (one thread).
    static func withConnection<T>(_ server: RedisServer, _ body: (RedisConnection) throws -> T) throws -> T {
        let connection = try RedisConnection(url: try url(server))
        return try body(connection)
    }

    /// Every entry of `key`, read with XRANGE.
    static func allEntries(_ server: RedisServer, key: String) throws -> [ClusterLogEntry] {
        try withConnection(server) { connection in
            guard case .array(let items) = try connection.command("XRANGE", key, "-", "+") else { return [] }
            return try items.map { item in
                guard case .array(let pair) = item, let id = pair[0].text.flatMap(StreamID.init),
                      case .array(let fields) = pair[1], case .bulk(let bytes) = fields[1] else {
                    throw RedisError.protocolError("XRANGE item \(item)")
                }
                return ClusterLogEntry(id: id, bytes: bytes)
            }
        }
    }

    /// Polls `condition` every 5 ms until it holds or `timeout` seconds passed (blocking: for sync tests).
    static func blockingEventually(timeout: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        try Polling.until(timeout: timeout, every: 5, condition)
    }

    /// The same for async tests: sleeps with `Task.sleep`, so that the cooperative pool (two
    /// threads here) stays free for the tasks the condition waits for.
    static func eventually(timeout: Double = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return try await condition()
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
