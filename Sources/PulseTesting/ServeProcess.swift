import Foundation

/// A `pulse serve` child process for tests that need a real process (signals, crashes). Reads
/// the first log line for the port. Owned by one test; killed on deinit if still running.
public final class ServeProcess: @unchecked Sendable {
    public let process = Process()
    public private(set) var port = 0
    private let errors = Pipe()

    /// The `pulse` binary next to the test bundle's build (`.build/debug/pulse`), or `PULSE_BINARY`.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PULSE_BINARY"] { return URL(fileURLWithPath: path) }
        return LiveServer.webRoot.deletingLastPathComponent().appendingPathComponent(".build/debug/pulse")
    }

    /// The data directory the process uses.
    public let dataDirectory: String

    /// Starts `pulse serve --port 0 ARGUMENTS` on `dataDirectory` (a new temporary one when nil)
    /// and waits for its `listening on` line; `environment` adds variables to this process's.
    public init(arguments: [String] = [], dataDirectory: String? = nil, environment: [String: String] = [:],
                timeout: Double = 15) throws {
        self.dataDirectory = dataDirectory ?? NSTemporaryDirectory() + "pulse-process-\(UUID().uuidString)"
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", "0", "--web-root", LiveServer.webRoot.path, "--data-dir", self.dataDirectory] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var output = ""
        while Date() < deadline, process.isRunning {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { continue }
            output += String(decoding: chunk, as: UTF8.self)
            if let range = output.range(of: #"listening on https?://[^ \n]+:(\d+)"#, options: .regularExpression) {
                port = Int(output[range].split(separator: ":").last ?? "") ?? 0
                firstLine = String(output.prefix { $0 != "\n" })
                return
            }
        }
        process.terminate()
        throw TestSocket.Failure(description: "pulse serve did not start: \(output)")
    }

    /// The first line the server logged.
    public private(set) var firstLine = ""

    /// Waits until `GET /readyz` answers 200.
    public func waitUntilReady(timeout: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? TestHTTPClient(port: port).get("/readyz").status) == 200 { return }
            usleep(5_000)
        }
        throw TestSocket.Failure(description: "server on port \(port) did not become ready")
    }

    /// Everything the process wrote to standard error after its first line (read when it has exited).
    public func remainingLog() -> String {
        String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
    }

    /// Sends `signal` and waits for the exit status.
    public func stop(signal: Int32 = SIGTERM, timeout: Double = 15) -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
