import Foundation
import PulseAnalytics
import PulseHub
import PulseStore
import Synchronization

/// The whole hub wired together from a configuration: store, ingest pipeline, hub, router,
/// publisher, optional demo feed and the libwebsockets server. `start()` binds, `run()` serves
/// until `shutdown()`. Used by `pulse serve` and by the live tests (port 0, in process).
public final class HubService: Sendable {
    public let store: AnalyticsStore
    public let hub: Hub
    public let ingest: IngestService
    public let server: LWSServer
    public let metrics: PulseMetrics
    public let readiness: Readiness
    private let configuration: PulseConfiguration
    private let clock: @Sendable () -> Double
    private let demoTask = Mutex<Task<Void, Never>?>(nil)

    /// - Parameters:
    ///   - webRoot: the dashboard's directory (`WebClient/`).
    ///   - clock: seconds since 1970 (tests may pass their own).
    public init(configuration: PulseConfiguration, webRoot: URL,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.configuration = configuration
        self.clock = clock
        metrics = PulseMetrics()
        var storeLimits = LiveState.Limits()
        storeLimits.recentPosts = configuration.int("store.recentPosts")
        storeLimits.idempotencyWindow = configuration.int("store.idempotencyWindow")
        storeLimits.topHashtags = configuration.int("store.topHashtags")
        store = AnalyticsStore(limits: storeLimits)
        var hubConfiguration = Hub.Configuration()
        hubConfiguration.historySize = configuration.int("push.historySize")
        hubConfiguration.outboxLimitBytes = configuration.int("push.outboxLimitBytes")
        hubConfiguration.headroom = LWSServer.messageHeadroom
        hub = Hub(store: store, metrics: metrics, configuration: hubConfiguration, clock: clock)
        var decoderLimits = PostDecoder.Limits()
        decoderLimits.maxPostsPerRequest = configuration.int("limits.maxPostsPerRequest")
        decoderLimits.maxTextBytes = configuration.int("limits.maxTextBytes")
        decoderLimits.maxHashtagsPerPost = configuration.int("limits.maxHashtagsPerPost")
        ingest = IngestService(decoder: PostDecoder(limits: decoderLimits), scorer: PostScorer(), store: store,
                               metrics: metrics, clock: clock)
        readiness = Readiness(ready: true)
        var routerLimits = Router.Limits()
        routerLimits.maxBodyBytes = configuration.int("limits.maxBodyBytes")
        let router = Router(ingest: ingest, hub: hub, staticFiles: StaticFiles(root: webRoot), limits: routerLimits,
                            ready: readiness)
        var serverConfiguration = LWSServerConfiguration()
        serverConfiguration.host = configuration.string("server.host")
        serverConfiguration.port = configuration.int("server.port")
        serverConfiguration.idleTimeoutSeconds = configuration.int("server.idleTimeoutSeconds")
        serverConfiguration.maxConnections = configuration.int("server.maxConnections")
        serverConfiguration.maxClientMessageBytes = configuration.int("server.maxClientMessageBytes")
        server = LWSServer(configuration: serverConfiguration, handler: router, hub: hub)
    }

    /// Binds the listening socket; returns the port.
    @discardableResult
    public func start() throws -> Int {
        try server.start()
        return server.port
    }

    /// Serves until `shutdown()` has drained the server.
    public func run() async {
        let publisher = Publisher(hub: hub, interval: .milliseconds(configuration.int("push.tickMilliseconds")), clock: clock)
        let publishing = Task { await publisher.run() }
        if configuration.bool("demo.enabled") {
            let demo = DemoDriver(ingest: ingest, rate: configuration.double("demo.rate"),
                                  seed: UInt64(configuration.int("demo.seed")), clock: clock)
            demoTask.withLock { $0 = Task { await demo.run() } }
        }
        await server.run()
        demoTask.withLock { $0?.cancel() }
        publishing.cancel()
        await publishing.value
    }

    /// Stops the demo feed, then drains and stops the server. Any thread.
    public func shutdown() {
        demoTask.withLock { $0?.cancel() }
        server.shutdown()
    }
}
