import Foundation
import PulseHub
import PulseTesting
import Testing

/// `make cluster`'s script (`Config/cluster.sh`) run as a newcomer would, with the debug
/// binary, on free ports and a temporary data directory: Redis and three nodes come up, the demo
/// feed posted into node a reaches node c, one node leads, and `--stop` (`make cluster-stop`)
/// ends every process.
@Suite struct ClusterScriptTests {
    static let root = LiveServer.webRoot.deletingLastPathComponent()

    @Test func clusterScriptStartsRedisAndThreeNodesAndStopEndsThem() async throws {
        try await ClusterModeTests.onThread { try Self.run() }
    }

    static func run() throws {
        let data = NSTemporaryDirectory() + "pulse-cluster-script-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: data) }
        // Fixed ports probed free can still be taken before the script binds them (by a process
        // of a test running beside this one): then the script says so and exits, and this tries others.
        var attempt = 0
        var chosen: (redis: Int, base: Int)
        var environment: [String: String]
        var script: Process
        let outputPath = data + "/script.out"
        let output = { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
        repeat {
            attempt += 1
            chosen = try Self.freePorts()
            environment = ProcessInfo.processInfo.environment.merging(
                ["DATA_DIR": data, "REDIS_PORT": String(chosen.redis), "BASE_PORT": String(chosen.base)]) { $1 }
            script = try Self.launch([ServeProcess.binary.path], environment: environment, output: outputPath)
            _ = ClusterCheck.eventually(timeout: 90) { [script] in output().contains("Every node shows") || !script.isRunning }
        } while !script.isRunning && output().contains("in use") && attempt < 3
        let (redisPort, basePort) = chosen
        defer {
            if script.isRunning {
                _ = try? Self.launch(["--stop"], environment: environment, output: data + "/stop.out").waitUntilExit()
                kill(script.processIdentifier, SIGKILL)
            }
        }
        try #require(script.isRunning && output().contains("Every node shows"), "the script did not start the cluster: \(output())")
        #expect(output().contains("node a    http://127.0.0.1:\(basePort)"), "\(output())")
        #expect(output().contains("redis://127.0.0.1:\(redisPort)"), "\(output())")
        let ports = (0..<3).map { basePort + $0 }
        for port in ports { #expect((try? TestHTTPClient(port: port).get("/readyz").status) == 200, "port \(port)") }
        // The demo feed posts into node a only; node c applies the same stream.
        let reached = ClusterCheck.eventually(timeout: 30) {
            ((try? TestHTTPClient(port: ports[2]).get("/api/state").json?["stats"]?["total"]?.numberValue) ?? 0) > 0
        }
        #expect(reached, "no demo post reached node c")
        let leaders = ports.map { port in
            (try? TestHTTPClient(port: port).get("/metrics").text)?.contains("\npulse_cluster_leader 1") ?? false
        }
        #expect(leaders.filter { $0 }.count == 1, "leader flags by node \(leaders)")
        #expect(FileManager.default.fileExists(atPath: data + "/redis/appendonlydir"), "no AOF in DATA_DIR/redis")

        // Quicker than the script's 10 s SIGKILL fallback: every process stopped when asked.
        let stopping = Date()
        let stopper = try Self.launch(["--stop"], environment: environment, output: data + "/stop.out")
        stopper.waitUntilExit()
        #expect(stopper.terminationStatus == 0)
        #expect(ClusterCheck.eventually(timeout: 20) { !script.isRunning }, "the script still runs after --stop")
        #expect(Date().timeIntervalSince(stopping) < 8, "--stop took \(Date().timeIntervalSince(stopping)) s")
        for port in [redisPort] + ports {
            #expect((try? TestSocket(port: port)) == nil, "something still listens on \(port) after --stop")
        }
    }

    static func launch(_ arguments: [String], environment: [String: String], output: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = root.appendingPathComponent("Config/cluster.sh")
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// A Redis port and three consecutive node ports on which nothing listens, below the kernel's
    /// range for ephemeral ports (where the port-0 servers and clients of other tests land).
    static func freePorts() throws -> (redis: Int, base: Int) {
        let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let ephemeral = Int(range.split(whereSeparator: \.isWhitespace).first ?? "") ?? 32768
        let unused = { (port: Int) in (try? TestSocket(port: port)) == nil }
        for _ in 0..<50 {
            let base = Int.random(in: 20_000...max(20_000, ephemeral - 20))
            let redis = base + 10
            if ([redis] + (0..<3).map { base + $0 }).allSatisfy(unused) { return (redis, base) }
        }
        throw TestSocket.Failure(description: "no free ports found")
    }
}
