import Foundation
import PulseHub
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A whole Pulse cluster as real processes, for live tests: one `RedisServer` (AOF on,
/// `appendfsync always`) and N `pulse serve --cluster` children (`--node a`, `b`, `c` ..., port 0,
/// `--threads 1`, each its own data directory, which restarts keep). Every start waits for the
/// node's `/readyz` (never a sleep). A node or Redis can be crashed with SIGKILL and started again
/// on the same directories. Owned by one test and driven from its thread (the nodes' ports may be
/// read from others); `stop()` ends everything and removes the directories, also from deinit, so
/// a failing test leaves nothing running. Use `with(...)` to get the logs in a thrown error.
public final class ClusterNodes: @unchecked Sendable {
    public let redis: RedisServer
    /// The `cluster.name` every node runs with (a fresh one per cluster).
    public let clusterName: String
    /// The nodes in start order (`addNode` appends; changed only by the owning test's thread).
    public private(set) var nodes: [Node]
    private let commonArguments: [String]
    private let environment: [String: String]
    /// Holds the nodes' data directories and logs.
    public let directory: String
    private let stopped = Mutex(false)

    /// Starts Redis and one node per name, and waits until every node is ready. `leaseMilliseconds`
    /// sets `cluster.leasePeriodMilliseconds` (through its environment variable); `arguments` are
    /// added to each node's `pulse serve` command line (`nodeArguments` to one node's only),
    /// `environment` to its environment.
    public init(names: [String] = ["a", "b", "c"], leaseMilliseconds: Int? = nil, arguments: [String] = [],
                nodeArguments: [String: [String]] = [:], environment: [String: String] = [:], timeout: Double = 60) throws {
        let root = NSTemporaryDirectory() + "pulse-cluster-\(UUID().uuidString)"
        directory = root
        redis = try RedisServer()
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            redis.stop()
            throw error
        }
        clusterName = "test-\(UUID().uuidString.prefix(8).lowercased())"
        var variables = environment
        if let leaseMilliseconds { variables["PULSE_CLUSTER_LEASE_PERIOD_MILLISECONDS"] = String(leaseMilliseconds) }
        let common = ["--threads", "1", "--cluster", redis.url, "--cluster-name", clusterName] + arguments
        commonArguments = common
        self.environment = variables
        nodes = names.map { name in
            Node(name: name, directory: root, arguments: common + ["--node", name] + (nodeArguments[name] ?? []),
                 environment: variables)
        }
        do {
            for node in nodes { try node.start(timeout: timeout) }
            for node in nodes { try node.waitUntilReady(timeout: timeout) }
        } catch {
            let report = logReport()
            stop()
            throw TestSocket.Failure(description: "cluster did not start: \(error)\n\(report)")
        }
    }

    deinit { stop() }

    /// Runs `body` on a new cluster and always stops it; a thrown error gets every log appended.
    public static func with<T>(names: [String] = ["a", "b", "c"], leaseMilliseconds: Int? = nil, arguments: [String] = [],
                               nodeArguments: [String: [String]] = [:], environment: [String: String] = [:],
                               _ body: (ClusterNodes) throws -> T) throws -> T {
        let cluster = try ClusterNodes(names: names, leaseMilliseconds: leaseMilliseconds, arguments: arguments,
                                       nodeArguments: nodeArguments, environment: environment)
        defer { cluster.stop() }
        do {
            return try body(cluster)
        } catch {
            throw TestSocket.Failure(description: "\(error)\n\(cluster.logReport())")
        }
    }

    /// The node called `name` (traps on an unknown name: a mistake in the test).
    public subscript(name: String) -> Node { nodes.first { $0.name == name }! }

    /// The one running node whose `/metrics` says `pulse_cluster_leader 1` while every other
    /// running node says 0, waited for up to `timeout` seconds.
    public func leader(timeout: Double = 10) throws -> Node {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String: Double?] = [:]
        repeat {
            let running = nodes.filter(\.isRunning)
            let flags = running.map { (try? $0.metric("pulse_cluster_leader")) ?? nil }
            last = Dictionary(uniqueKeysWithValues: zip(running.map(\.name), flags))
            let leaders = running.indices.filter { flags[$0] == 1 }
            if leaders.count == 1 && flags.allSatisfy({ $0 == 0 || $0 == 1 }) { return running[leaders[0]] }
            usleep(10_000)
        } while Date() < deadline
        throw TestSocket.Failure(description: "no single leader within \(timeout) s: pulse_cluster_leader by node \(last)")
    }

    /// Starts one more node, `name`, on a new (empty) data directory and waits until it is ready:
    /// a node that joins late and must catch up from the snapshot in Redis and the stream.
    @discardableResult
    public func addNode(_ name: String, arguments: [String] = [], timeout: Double = 60) throws -> Node {
        let node = Node(name: name, directory: directory, arguments: commonArguments + ["--node", name] + arguments,
                        environment: environment)
        nodes.append(node)
        try node.start(timeout: timeout)
        try node.waitUntilReady(timeout: timeout)
        return node
    }

    /// `XLEN` of the cluster's stream (`pulse:{NAME}:log`), asked of Redis directly.
    public func streamLength() throws -> Int {
        let key = "pulse:{\(clusterName)}:log"
        let socket = try TestSocket(port: redis.port)
        try socket.write("*2\r\n$4\r\nXLEN\r\n$\(key.utf8.count)\r\n\(key)\r\n")
        let answer = String(decoding: try socket.read(until: Array("\r\n".utf8), timeout: 5), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard answer.hasPrefix(":"), let length = Int(answer.dropFirst()) else {
            throw TestSocket.Failure(description: "XLEN \(key) answered \(answer)")
        }
        return length
    }

    /// Crashes `node` with SIGKILL and waits for it to exit.
    public func kill(_ node: Node) { node.kill9() }

    /// Starts `node` again on its data directory (a new port) and waits until it is ready.
    public func restart(_ node: Node, timeout: Double = 60) throws {
        node.kill9()
        try node.start(timeout: timeout)
        try node.waitUntilReady(timeout: timeout)
    }

    /// Crashes Redis with SIGKILL (its AOF stays).
    public func killRedis() { redis.kill9() }

    /// Starts Redis again on the same port and directory (it reloads its AOF).
    public func restartRedis() throws { try redis.restart() }

    /// Waits until every running node answers `/readyz` with 200.
    public func waitUntilReady(timeout: Double = 60) throws {
        for node in nodes where node.isRunning { try node.waitUntilReady(timeout: timeout) }
    }

    /// The end of every node's log and of Redis's, for failure messages.
    public func logReport(lastBytes: Int = 6000) -> String {
        var report = ""
        for node in nodes { report += "--- node \(node.name) (port \(node.port)) log:\n\(node.log().suffix(lastBytes))\n" }
        return report + "--- redis (port \(redis.port)) log:\n\(redis.log().suffix(2000))"
    }

    /// Ends every node (SIGTERM, SIGKILL after 5 s), then Redis, and removes the directories. Idempotent.
    public func stop() {
        let already = stopped.withLock { value in
            defer { value = true }
            return value
        }
        guard !already else { return }
        for node in nodes { node.terminate() }
        for node in nodes { node.waitForExit(timeout: 5) }
        redis.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
