import Foundation
import PulseAnalytics
import PulseHub
import PulseLWS
import PulseService

/// A real Pulse hub for live tests: the whole `PulseService` on 127.0.0.1, port 0, in this
/// process, logging (at debug level) into `log`. Start it with `LiveServer.with { server in ... }`,
/// which always shuts it down.
public final class LiveServer: Sendable {
    public let service: PulseService
    public let port: Int
    /// The data directory (a fresh temporary one unless the configuration named one).
    public let dataDirectory: String
    /// Everything the service logged.
    public let log = MemoryLogHandler()
    private let running: Task<Result<Void, any Error>, Never>

    /// The repository's `WebClient/` directory.
    public static let webRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("WebClient")

    /// The repository's `Config/` directory.
    public static let configDirectory = webRoot.deletingLastPathComponent().appendingPathComponent("Config")
    /// The committed `Config/openapi.json`, as `pulse serve` serves it.
    public static let openAPIDocument: [UInt8] = Array(FileManager.default.contents(atPath: configDirectory.appendingPathComponent("openapi.json").path) ?? Data())

    /// The VADER analyzer from `Config/`, loaded once for all tests.
    public static let sentiment: SentimentAnalyzer = {
        do { return try SentimentLexiconFiles.load(directory: configDirectory) } catch { fatalError("cannot load lexicons: \(error)") }
    }()

    /// Starts a server and waits until it has recovered and is ready; `configure` may change any
    /// configuration key first (the port is forced to 0; the data directory defaults to a new
    /// temporary one).
    public init(_ configure: (inout PulseConfiguration) throws -> Void = { _ in }, model: EngagementModel? = nil) async throws {
        var configuration = PulseConfiguration()
        try configuration.set("push.tickMilliseconds", .number(50), source: "test")
        try configuration.set("store.dataDir", .string(NSTemporaryDirectory() + "pulse-live-\(UUID().uuidString)"), source: "test")
        try configure(&configuration)
        try configuration.set("server.port", .number(0), source: "test")
        dataDirectory = configuration.store.dataDir
        // PULSE_TEST_LOG=1 also prints the log (debug level) on standard error.
        let logger = Logger(label: "test", level: .debug,
                            handler: ProcessInfo.processInfo.environment["PULSE_TEST_LOG"] != nil ? StreamLogHandler(format: .text) : log)
        service = try PulseService(configuration: configuration,
                                   resources: .init(webRoot: Self.webRoot, sentiment: Self.sentiment, model: model,
                                                    openAPIDocument: Self.openAPIDocument), logger: logger)
        port = service.server.port
        let service = self.service
        running = Task {
            do {
                try await service.run()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        guard await service.waitUntilReady() else {
            let outcome = await running.value
            throw TestSocket.Failure(description: "server did not become ready: \(outcome)")
        }
    }

    /// Drains and stops the server, waiting until it has; returns how `run()` ended.
    @discardableResult
    public func stop() async -> Result<Void, any Error> {
        service.shutdown()
        return await running.value
    }

    /// Runs `body` against a fresh server and stops it afterwards, even when `body` throws.
    /// `body` uses blocking sockets, so it runs on a thread of its own: blocking the few threads
    /// of Swift's cooperative pool would starve the server's own tasks.
    public static func with<Result: Sendable>(_ configure: (inout PulseConfiguration) throws -> Void = { _ in },
                                              model: EngagementModel? = nil,
                                              _ body: @escaping @Sendable (LiveServer) throws -> Result) async throws -> Result {
        let server = try await LiveServer(configure, model: model)
        let outcome = await DedicatedThread.run("pulse-live-test") { Swift.Result { try body(server) } }
        await server.stop()
        return try outcome.get()
    }

    public func http() throws -> TestHTTPClient { try TestHTTPClient(port: port) }

    public func webSocket(receiveBuffer: Int32? = nil) throws -> TestWebSocket {
        try TestWebSocket(port: port, receiveBuffer: receiveBuffer)
    }
}
