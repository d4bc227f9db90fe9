import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `redis-server` child process for cluster tests: a free port on 127.0.0.1, its own
/// temporary directory, AOF on with `appendfsync always` (every acknowledged write is on disk).
/// `kill9()` crashes it, `restart()` starts it again on the same directory and port (so it
/// reloads its AOF), `stop()` ends it and removes the directory. Owned by one test; stopped on
/// deinit if the test did not (also when the test failed).
public final class RedisServer: @unchecked Sendable {
    public let port: Int
    public let directory: String
    public private(set) var process: Process
    private let extraArguments: [String]

    /// The `redis-server` binary: `REDIS_SERVER`, else `/usr/bin/redis-server` (Debian package).
    public static var binary: String {
        ProcessInfo.processInfo.environment["REDIS_SERVER"] ?? "/usr/bin/redis-server"
    }

    /// `redis://127.0.0.1:PORT` (the value `cluster.redis` would have).
    public var url: String { "redis://127.0.0.1:\(port)" }

    /// Starts the server and waits until it answers PING; `arguments` add redis-server options.
    public init(arguments: [String] = [], timeout: Double = 15) throws {
        directory = NSTemporaryDirectory() + "pulse-redis-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        extraArguments = arguments
        var lastError: Error?
        // A free port can be taken by someone else between the probe and redis-server's bind: retry.
        for _ in 0..<3 {
            let candidate = try Self.freePort()
            let started = Process()
            do {
                try Self.launch(started, port: candidate, directory: directory, arguments: arguments)
                try Self.waitForPing(started, port: candidate, directory: directory, timeout: timeout)
                port = candidate
                process = started
                return
            } catch {
                lastError = error
                if started.isRunning { kill(started.processIdentifier, SIGKILL); started.waitUntilExit() }
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
        throw lastError ?? TestSocket.Failure(description: "redis-server did not start")
    }

    deinit { stop() }

    /// Crashes the server with SIGKILL (no shutdown, no final AOF rewrite) and waits for it to exit.
    public func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts the server again on the same port and directory (after `kill9()` or `stop(keep: true)`).
    public func restart(timeout: Double = 15) throws {
        kill9()
        let started = Process()
        try Self.launch(started, port: port, directory: directory, arguments: extraArguments)
        process = started
        try Self.waitForPing(started, port: port, directory: directory, timeout: timeout)
    }

    /// Ends the server (the `SHUTDOWN` command, SIGKILL after 5 s) and, unless `keepDirectory`,
    /// removes its directory. (Not SIGTERM: a test process may hand its children SIGTERM blocked.)
    public func stop(keepDirectory: Bool = false) {
        if process.isRunning {
            // Redis refuses SHUTDOWN while it writes its first AOF (a new replica does): ask again.
            let deadline = Date().addingTimeInterval(5)
            var asked = Date.distantPast
            while process.isRunning && Date() < deadline {
                if Date().timeIntervalSince(asked) > 0.1, let socket = try? TestSocket(port: port) {
                    try? socket.write("*1\r\n$8\r\nSHUTDOWN\r\n")
                    _ = try? socket.read(until: Array("\r\n".utf8), timeout: 0.5)
                    asked = Date()
                }
                usleep(5_000)
            }
            kill9()
        }
        if !keepDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// The server's log file (for failure messages).
    public func log() -> String {
        (try? String(contentsOfFile: directory + "/redis.log", encoding: .utf8)) ?? ""
    }

    private static func launch(_ process: Process, port: Int, directory: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory,
                             "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                             "--daemonize", "no", "--logfile", directory + "/redis.log"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Polls with `PING` until `+PONG` (a server still loading its AOF answers `-LOADING`).
    private static func waitForPing(_ process: Process, port: Int, directory: String, timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = "no answer"
        while Date() < deadline {
            guard process.isRunning else {
                let log = (try? String(contentsOfFile: directory + "/redis.log", encoding: .utf8)) ?? ""
                throw TestSocket.Failure(description: "redis-server on port \(port) exited: \(log.suffix(2000))")
            }
            do {
                let socket = try TestSocket(port: port)
                try socket.write("*1\r\n$4\r\nPING\r\n")
                let answer = String(decoding: try socket.read(until: Array("\r\n".utf8), timeout: 2), as: UTF8.self)
                if answer.hasPrefix("+PONG") { return }
                last = answer
            } catch {
                last = "\(error)"
            }
            usleep(2_000)
        }
        throw TestSocket.Failure(description: "redis-server on port \(port) did not answer PING: \(last)")
    }

    /// A port no one listens on now: bind to port 0, read the port, close.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSocket.Failure(description: "socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw TestSocket.Failure(description: "bind to port 0 failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
