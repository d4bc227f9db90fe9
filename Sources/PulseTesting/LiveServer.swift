import Foundation
import PulseHub
import PulseLWS

/// A real Pulse hub for live tests: the whole `HubService` on 127.0.0.1, port 0, in this
/// process. Start it with `LiveServer.with { server in ... }`, which always shuts it down.
public final class LiveServer: Sendable {
    public let service: HubService
    public let port: Int
    private let running: Task<Void, Never>

    /// The repository's `WebClient/` directory.
    public static let webRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("WebClient")

    /// Starts a server; `configure` may change any configuration key first (the port is forced to 0).
    public init(_ configure: (inout PulseConfiguration) throws -> Void = { _ in }) throws {
        var configuration = PulseConfiguration()
        try configuration.set("push.tickMilliseconds", .number(50), source: "test")
        try configure(&configuration)
        try configuration.set("server.port", .number(0), source: "test")
        service = HubService(configuration: configuration, webRoot: Self.webRoot)
        port = try service.start()
        let service = self.service
        running = Task { await service.run() }
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
                                              _ body: @escaping @Sendable (LiveServer) throws -> Result) async throws -> Result {
        let server = try LiveServer(configure)
        let outcome = await onDedicatedThread { Swift.Result { try body(server) } }
        await server.stop()
        return try outcome.get()
    }

    public func http() throws -> TestHTTPClient { try TestHTTPClient(port: port) }

    public func webSocket(receiveBuffer: Int32? = nil) throws -> TestWebSocket {
        try TestWebSocket(port: port, receiveBuffer: receiveBuffer)
    }
}

/// Runs blocking work on a new thread and resumes the caller with its result.
public func onDedicatedThread<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.stackSize = 4 << 20
        thread.start()
    }
}
