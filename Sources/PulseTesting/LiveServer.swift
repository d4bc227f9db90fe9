import Foundation
import PulseAnalytics
import PulseHub
import PulseLWS

/// A real Pulse hub for live tests: the whole `HubService` on 127.0.0.1, port 0, in this
/// process. Start it with `LiveServer.with { server in ... }`, which always shuts it down.
public final class LiveServer: Sendable {
    public let service: HubService
    public let port: Int
    /// The data directory (a fresh temporary one unless the configuration named one).
    public let dataDirectory: String
    private let running: Task<Void, Never>

    /// The repository's `WebClient/` directory.
    public static let webRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("WebClient")

    /// The repository's `Config/` directory.
    public static let configDirectory = webRoot.deletingLastPathComponent().appendingPathComponent("Config")

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
        dataDirectory = configuration.string("store.dataDir")
        service = HubService(configuration: configuration, webRoot: Self.webRoot, sentiment: Self.sentiment, model: model)
        port = try service.start()
        let service = self.service
        running = Task {
            do { try await service.run() } catch { print("live server failed: \(error)") }
        }
        for _ in 0..<1000 where !service.readiness.isReady { try await Task.sleep(for: .milliseconds(5)) }
        guard service.readiness.isReady else { throw TestSocket.Failure(description: "server did not become ready") }
    }

    /// Drains and stops the server, waiting until it has.
    public func stop() async {
        service.shutdown()
        await running.value
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
