import Foundation
import PulseHub
#if canImport(Glibc)
import Glibc
#endif

extension ClusterNodes {
    /// One node of a `ClusterNodes`: a `pulse serve` child process (like `ServeProcess`, but its
    /// standard error goes to a log file, so a chatty node never blocks on a full pipe and the log
    /// can be read while it runs; every run of the node appends to the same file). The data
    /// directory outlives the process, so a restart recovers from it. Started, killed and
    /// restarted by the owning test's thread; `port`, `isRunning` and the clients may be used
    /// from any thread (a lock guards the current process).
    public final class Node: @unchecked Sendable {
        public let name: String
        public let dataDirectory: String
        public let logPath: String
        private let arguments: [String]
        private let environment: [String: String]
        private let lock = NSLock()
        private var process: Process?
        private var currentPort = 0

        init(name: String, directory: String, arguments: [String], environment: [String: String]) {
            self.name = name
            dataDirectory = directory + "/node-\(name)"
            logPath = directory + "/node-\(name).log"
            self.arguments = arguments
            self.environment = environment
        }

        /// The port the current (or last) run listens on; a restart gets a new one.
        public var port: Int { lock.withLock { currentPort } }

        public var isRunning: Bool { lock.withLock { process?.isRunning ?? false } }

        /// A new keep-alive HTTP connection to the node.
        public func http() throws -> TestHTTPClient { try TestHTTPClient(port: port) }

        /// A new WebSocket to the node's `/ws`.
        public func webSocket() throws -> TestWebSocket { try TestWebSocket(port: port) }

        /// `GET /metrics` as text.
        public func metrics() throws -> String { try http().get("/metrics").text }

        /// The value of the unlabelled sample `name` in `/metrics`, nil when the node has none.
        public func metric(_ name: String) throws -> Double? {
            try metrics().split(separator: "\n").first { $0.hasPrefix(name + " ") }
                .flatMap { Double($0.split(separator: " ").last ?? "") }
        }

        /// `GET /api/state` parsed.
        public func state() throws -> JSONValue {
            let response = try http().get("/api/state")
            guard response.status == 200, let json = response.json else {
                throw TestSocket.Failure(description: "node \(name): GET /api/state answered \(response.status) \(response.text)")
            }
            return json
        }

        /// Everything every run of this node logged so far.
        public func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        /// Launches `pulse serve` and waits for its `listening on` line (the port).
        func start(timeout: Double) throws {
            if !FileManager.default.fileExists(atPath: logPath) {
                _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            }
            guard let handle = FileHandle(forWritingAtPath: logPath) else {
                throw TestSocket.Failure(description: "cannot open \(logPath)")
            }
            let started = handle.seekToEndOfFile()
            handle.write(Data("=== pulse serve --node \(name) started by the test\n".utf8))
            let launched = Process()
            launched.executableURL = ServeProcess.binary
            launched.arguments = ["serve", "--port", "0", "--web-root", LiveServer.webRoot.path,
                                  "--data-dir", dataDirectory] + arguments
            launched.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            launched.standardOutput = FileHandle.nullDevice
            launched.standardError = handle
            defer { try? handle.close() }
            try launched.run()
            lock.withLock { process = launched }
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let output = String(decoding: (try? readLog(from: started)) ?? Data(), as: UTF8.self)
                if let range = output.range(of: #"listening on https?://[^ \n]+:(\d+)"#, options: .regularExpression),
                   let found = Int(output[range].split(separator: ":").last ?? "") {
                    lock.withLock { currentPort = found }
                    return
                }
                if !launched.isRunning { break }
                usleep(5_000)
            }
            kill9()
            throw TestSocket.Failure(description: "node \(name) did not start: \(log().suffix(4000))")
        }

        /// Waits until `GET /readyz` answers 200 (it is 503 while the node catches up or lacks Redis).
        func waitUntilReady(timeout: Double) throws {
            let deadline = Date().addingTimeInterval(timeout)
            var last = "no answer"
            while Date() < deadline {
                guard isRunning else { throw TestSocket.Failure(description: "node \(name) exited: \(log().suffix(4000))") }
                if let response = try? http().get("/readyz") {
                    if response.status == 200 { return }
                    last = "\(response.status) \(response.text)"
                }
                usleep(5_000)
            }
            throw TestSocket.Failure(description: "node \(name) not ready within \(timeout) s: /readyz \(last)")
        }

        /// SIGKILL, then waits for the exit.
        func kill9() {
            guard let running = lock.withLock({ process }), running.isRunning else { return }
            Glibc.kill(running.processIdentifier, SIGKILL)
            running.waitUntilExit()
        }

        /// Sends SIGTERM (a graceful stop) without waiting.
        func terminate() {
            guard let running = lock.withLock({ process }), running.isRunning else { return }
            Glibc.kill(running.processIdentifier, SIGTERM)
        }

        /// Waits up to `timeout` seconds for the process to exit, then kills it.
        func waitForExit(timeout: Double) {
            guard let running = lock.withLock({ process }) else { return }
            let deadline = Date().addingTimeInterval(timeout)
            while running.isRunning && Date() < deadline { usleep(10_000) }
            kill9()
        }

        private func readLog(from offset: UInt64) throws -> Data {
            let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: logPath))
            defer { try? reader.close() }
            try reader.seek(toOffset: offset)
            return reader.readDataToEndOfFile()
        }
    }
}
