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
    public let persistence: StatePersistence
    public let models: ModelSlot
    private let configuration: PulseConfiguration
    private let clock: @Sendable () -> Double
    private let log: @Sendable (String) -> Void
    private let background = Mutex<[Task<Void, Never>]>([])
    private let watching = Mutex<WatchIngest?>(nil)

    /// - Parameters:
    ///   - webRoot: the dashboard's directory (`WebClient/`).
    ///   - sentiment: the VADER analyzer (loaded once from `Config/`).
    ///   - model: the engagement model to predict with (nil: no predictions until one is trained).
    ///   - clock: seconds since 1970 (tests may pass their own).
    ///   - log: receives one line per notable event (recovery, snapshots, failures).
    public init(configuration: PulseConfiguration, webRoot: URL, sentiment: SentimentAnalyzer, model: EngagementModel? = nil,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.clock = clock
        self.log = log
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
        let access = AccessPolicy(configuration: configuration, clock: clock)
        hub = Hub(store: store, metrics: metrics, configuration: hubConfiguration, access: WebSocketAccess(policy: access), clock: clock)
        var decoderLimits = PostDecoder.Limits()
        decoderLimits.maxPostsPerRequest = configuration.int("limits.maxPostsPerRequest")
        decoderLimits.maxTextBytes = configuration.int("limits.maxTextBytes")
        decoderLimits.maxHashtagsPerPost = configuration.int("limits.maxHashtagsPerPost")
        models = ModelSlot(model)
        let scorer = PostScorer(sentiment: sentiment, models: models)
        ingest = IngestService(decoder: PostDecoder(limits: decoderLimits), scorer: scorer, store: store,
                               metrics: metrics, clock: clock)
        readiness = Readiness(ready: false)
        let walOptions = WALOptions(fsyncMode: FsyncMode(rawValue: configuration.string("store.fsync")) ?? .batch)
        persistence = StatePersistence(directory: configuration.string("store.dataDir"), options: walOptions,
                                       limits: storeLimits, scorer: scorer, store: store)
        var routerLimits = Router.Limits()
        routerLimits.maxBodyBytes = configuration.int("limits.maxBodyBytes")
        let (store, models, dataDir) = (self.store, self.models, configuration.string("store.dataDir"))
        let jobs = TrainingJobs { model in
            models.replace(with: model)
            await store.setModel(target: model.target, report: ModelReportJSON.encode(model))
            // The newest trained model is what a restart loads (see ServeCommand).
            if let data = try? model.jsonData() {
                try? data.write(to: URL(fileURLWithPath: dataDir).appendingPathComponent("engagement-model.json"), options: .atomic)
            }
        }
        var router = Router(ingest: ingest, hub: hub, staticFiles: StaticFiles(root: webRoot), limits: routerLimits,
                            ready: readiness, model: ModelRoutes(models: models, jobs: jobs, scorer: scorer))
        router.access = access
        var serverConfiguration = LWSServerConfiguration()
        serverConfiguration.host = configuration.string("server.host")
        serverConfiguration.port = configuration.int("server.port")
        serverConfiguration.idleTimeoutSeconds = configuration.int("server.idleTimeoutSeconds")
        serverConfiguration.maxConnections = configuration.int("server.maxConnections")
        serverConfiguration.maxClientMessageBytes = configuration.int("server.maxClientMessageBytes")
        serverConfiguration.applySecurity(configuration)
        server = LWSServer(configuration: serverConfiguration, handler: router, hub: hub)
    }

    /// Binds the listening socket; returns the port.
    @discardableResult
    public func start() throws -> Int {
        try server.start()
        return server.port
    }

    /// Recovers the state (the server answers 503 meanwhile), then serves until `shutdown()` has
    /// drained the server, and writes a final snapshot. Throws when recovery fails.
    public func run() async throws {
        let publisher = Publisher(hub: hub, interval: .milliseconds(configuration.int("push.tickMilliseconds")), clock: clock)
        let publishing = Task { await publisher.run() }
        let serving = Task { await server.run() }
        if let model = models.model { await store.setModel(target: model.target, report: ModelReportJSON.encode(model)) }
        let recovery: StatePersistence.Recovery
        do {
            recovery = try await persistence.recover()
        } catch {
            server.shutdown()
            await serving.value
            publishing.cancel()
            throw error
        }
        describe(recovery)
        do {
            try startWatching(recovery.filePositions)
        } catch {
            log("cannot watch folders: \(error)")
            server.shutdown()
        }
        readiness.markReady()
        startBackgroundWork()
        await serving.value
        background.withLock { tasks in tasks.forEach { $0.cancel() } }
        watching.withLock { $0?.stop() }
        do {
            if let report = try await persistence.checkpoint() {
                log("final snapshot: \(report.snapshotBytes) bytes in \(String(format: "%.2f", report.seconds)) s")
            }
        } catch {
            log("final snapshot failed: \(error)")
        }
        persistence.close()
        publishing.cancel()
        await publishing.value
    }

    private func describe(_ recovery: StatePersistence.Recovery) {
        let report = recovery.report
        var line = "recovered \(recovery.posts) posts in \(String(format: "%.2f", report.seconds)) s"
        if let sequence = report.snapshotSequence { line += " (snapshot at WAL \(sequence), \(report.replay.records) records replayed)" }
        log(line)
        for skipped in report.skippedSnapshots { log("skipped snapshot \(skipped.path): \(skipped.reason)") }
        if let repair = report.tailRepair { log("WAL tail cut: \(repair)") }
    }

    private func startWatching(_ positions: [String: IngestRecord.FilePosition]) throws {
        let directories = configuration.strings("watch.directories")
        guard !directories.isEmpty else { return }
        var columns: [String: String] = [:]
        for pair in configuration.strings("watch.csvColumns") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { columns[parts[0]] = parts[1] }
        }
        let watcher = try WatchIngest(directories: directories, positions: positions, ingest: ingest, csvColumns: columns, log: log)
        watcher.start()
        watching.withLock { $0 = watcher }
        log("watching \(directories.joined(separator: ", "))")
    }

    private func startBackgroundWork() {
        var tasks: [Task<Void, Never>] = []
        let interval = Duration.seconds(configuration.int("store.snapshotIntervalSeconds"))
        let persistence = self.persistence
        let log = self.log
        tasks.append(Task { await persistence.runSnapshots(every: interval) { log("snapshot failed: \($0)") } })
        if configuration.bool("demo.enabled") {
            let demo = DemoDriver(ingest: ingest, rate: configuration.double("demo.rate"),
                                  seed: UInt64(configuration.int("demo.seed")), clock: clock)
            tasks.append(Task { await demo.run() })
        }
        background.withLock { $0 = tasks }
    }

    /// Stops the demo feed, then drains and stops the server. Any thread.
    public func shutdown() {
        background.withLock { tasks in tasks.forEach { $0.cancel() } }
        server.shutdown()
    }
}
