import Foundation
import PulseAnalytics
import PulseCluster
import PulseClusterNode
import PulseHub
import PulseLWS
import PulseStore

/// The composition root of `pulse serve`: builds the store, ingest pipeline, hub, router,
/// persistence, training jobs and the libwebsockets server from a `PulseConfiguration`, then runs
/// them all under one `ServiceGroup` (see `run()`). `init` binds the listening socket, so the port
/// is known before `run()`. Used by `pulse serve` and, in process on port 0, by the live tests.
/// Thread-safe: `shutdown()` may be called from any thread (e.g. a signal handler).
public final class PulseService: Sendable {
    /// What the service loads from disk before it starts: the dashboard's files, the VADER
    /// analyzer and the engagement model (nil: no predictions until one is trained).
    public struct Resources: Sendable {
        public var webRoot: URL
        public var sentiment: SentimentAnalyzer
        public var model: EngagementModel?
        /// `Config/openapi.json`, served at `GET /api/openapi.json`.
        public var openAPIDocument: [UInt8]

        public init(webRoot: URL, sentiment: SentimentAnalyzer, model: EngagementModel? = nil, openAPIDocument: [UInt8]) {
            self.webRoot = webRoot
            self.sentiment = sentiment
            self.model = model
            self.openAPIDocument = openAPIDocument
        }
    }

    public let configuration: PulseConfiguration
    public let store: AnalyticsStore
    public let hub: Hub
    public let ingest: IngestService
    public let server: LWSServer
    public let metrics: PulseMetrics
    public let readiness: Readiness
    public let persistence: StatePersistence
    public let models: ModelSlot
    public let training: TrainingJobs
    /// This node of a cluster (`cluster.redis` set), nil on a single node.
    public let cluster: ClusterNode?
    let logger: Logger
    let clock: @Sendable () -> Double

    /// Wires everything and binds the listening socket.
    /// - Throws: `LWSError` when the address cannot be bound or the TLS files are unusable;
    ///   `PulseConfiguration.Invalid` for a bad `cluster.*` value.
    public init(configuration: PulseConfiguration, resources: Resources, logger: Logger = .disabled,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) throws {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        metrics = PulseMetrics()
        store = AnalyticsStore(limits: configuration.storeLimits)
        let access = AccessPolicy(configuration: configuration.auth, clock: clock)
        hub = Hub(store: store, metrics: metrics, configuration: configuration.hubConfiguration,
                  access: WebSocketAccess(policy: access), clock: clock)
        models = ModelSlot(resources.model)
        readiness = Readiness(ready: false)
        let (store, hub, models, readiness) = (store, hub, models, readiness)
        let cluster = try configuration.clusterOptions().map { options in
            ClusterNode(options: options, store: store, hub: hub, models: models, readiness: readiness,
                        logger: logger.child("cluster"), clock: clock)
        }
        self.cluster = cluster
        // Live ingest, replay, /api/analyze and training all read the store's published clusters.
        let scorer = PostScorer(sentiment: resources.sentiment, models: models, clusters: store.clusters)
        ingest = IngestService(decoder: PostDecoder(limits: configuration.decoderLimits), scorer: scorer, store: store,
                               log: cluster?.ingestLog, metrics: metrics, clock: clock)
        persistence = StatePersistence(directory: configuration.store.dataDir, options: WALOptions(fsyncMode: configuration.store.fsync),
                                       limits: configuration.storeLimits, scorer: scorer, store: store)
        training = TrainingJobs(activate: cluster.map { Self.activation(cluster: $0, logger: logger.child("training")) }
                                ?? Self.activation(store: store, models: models, dataDirectory: configuration.store.dataDir,
                                                   logger: logger.child("training")))
        var router = Router(ingest: ingest, hub: hub, staticFiles: StaticFiles(root: resources.webRoot),
                            limits: configuration.routerLimits, ready: readiness,
                            model: ModelRoutes(models: models, jobs: training, scorer: scorer), logger: logger.child("http"))
        router.access = access
        router.openAPIDocument = resources.openAPIDocument
        if let cluster {
            router.gauges = { cluster.status.gauges() }
        } else {
            // Single-node mode: the local WAL is the log (in cluster mode Redis is, and these are absent).
            let persistence = persistence
            router.counters = { (persistence.walStatistics ?? WALStatistics()).metricCounters }
        }
        server = try LWSServer(configuration: configuration.transport(events: Self.transportEvents(logger.child("lws"))),
                               handler: router, hub: hub)
    }

    /// Asks for a graceful shutdown; `run()` then returns once it is done. Any thread.
    public func shutdown() { shutdownRequested.trigger() }

    /// Triggered by `shutdown()`; the service group's shutdown request.
    let shutdownRequested = Trigger()
    /// Triggered when recovery has finished; watchers and the demo feed start then.
    let recovered = Trigger()
    /// Triggered when `run()` has returned or thrown.
    let finished = Trigger()

    /// Waits until recovery has finished (true) or `run()` ended without finishing it (false).
    public func waitUntilReady() async -> Bool {
        await Trigger.first(recovered, finished) == 0
    }

    /// What activating a trained model does: it goes live, its report goes to the store, and it
    /// is saved as DATA_DIR/engagement-model.json (what a restart loads); a failed save is logged.
    static func activation(store: AnalyticsStore, models: ModelSlot, dataDirectory: String, logger: Logger)
        -> @Sendable (EngagementModel) async -> Void {
        { model in
            models.replace(with: model)
            await store.setModel(target: model.target, report: ModelReportJSON.encode(model))
            let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent("engagement-model.json")
            do {
                try model.jsonData().write(to: path, options: .atomic)
                logger.info("saved the activated model", ["path": path.path])
            } catch {
                logger.error("cannot save the activated model; a restart will load the previous one", ["path": path.path, "error": "\(error)"])
            }
        }
    }

    /// Activating a trained model in a cluster: it goes into the log, and every node swaps to it
    /// when it applies that entry (this one too); a failed append is logged.
    static func activation(cluster: ClusterNode, logger: Logger) -> @Sendable (EngagementModel) async -> Void {
        { model in
            do {
                try await cluster.publish(model: model)
                logger.info("published the activated model to the cluster log")
            } catch {
                logger.error("cannot publish the activated model to the cluster; it is not live", ["error": "\(error)"])
            }
        }
    }

    /// The transport's events as log lines.
    static func transportEvents(_ logger: Logger) -> @Sendable (LWSServerEvent) -> Void {
        { event in
            switch event {
            case .library(let level, let line):
                logger.log(level & 1 != 0 ? .error : level & 2 != 0 ? .warn : .debug, line)
            case .draining(let step, let requests, let webSockets):
                logger.info("shutdown: \(step)", ["requests": String(requests), "websockets": String(webSockets)])
            case .accepting(let problem):
                logger.error("accepting connections: \(problem)")
            }
        }
    }
}
