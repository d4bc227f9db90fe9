import Foundation
import PulseAnalytics
import PulseCluster
import PulseHub
import PulseStore

/// One Pulse node of a cluster: its live state is the cluster log (one Redis Stream) applied in
/// order. It starts from the newest checkpoint it can find (its own or the one in Redis), follows
/// the stream, publishes the deltas the log's ticks cut, answers its own ingest requests once
/// their entries are applied (`ingestLog`), writes the ticks while it holds the leader lease, and
/// checkpoints now and then. `run()` does all of it until its task is cancelled.
///
/// Threads: Redis is only spoken on dedicated threads (the log's writer and reader threads, the
/// lease thread, and a short-lived thread per bootstrap or snapshot); `run()`'s tasks only await.
/// Thread-safe.
public final class ClusterNode: Sendable {
    /// What a node needs to know (from `cluster.*` and the `push`/`store` sections). A plain value.
    public struct Options: Sendable {
        public var log: ClusterLogOptions
        public var node: String
        public var leasePeriodMilliseconds = 2000
        /// The push tick: how often the leader cuts a delta (when something changed).
        public var tickSeconds = 0.2
        public var snapshotIntervalSeconds = 60.0
        /// Where this node keeps its checkpoints (`DIR/cluster-snapshots`).
        public var dataDirectory: String
        public var limits: LiveState.Limits

        public init(log: ClusterLogOptions, node: String, dataDirectory: String, limits: LiveState.Limits) {
            self.log = log
            self.node = node
            self.dataDirectory = dataDirectory
            self.limits = limits
        }
    }

    public let options: Options
    public let status = ClusterStatus()
    /// The `IngestLog` of this node's ingest pipeline.
    public let ingestLog: ClusterIngestLog
    let log: ClusterLog
    let store: AnalyticsStore
    let hub: Hub
    let models: ModelSlot
    let readiness: Readiness
    let logger: Logger
    let clock: @Sendable () -> Double
    let snapshots: ClusterSnapshots

    public init(options: Options, store: AnalyticsStore, hub: Hub, models: ModelSlot, readiness: Readiness, logger: Logger,
                clock: @escaping @Sendable () -> Double) {
        self.options = options
        self.store = store
        self.hub = hub
        self.models = models
        self.readiness = readiness
        self.logger = logger
        self.clock = clock
        log = ClusterLog(options: options.log)
        ingestLog = ClusterIngestLog(node: options.node, log: log)
        snapshots = ClusterSnapshots(options: options, status: status, logger: logger)
    }

    /// Joins the cluster and serves it until the task is cancelled: bootstrap (retried while Redis
    /// is out of reach), then the applier and the leader's ticks. `onCaughtUp` runs once, when
    /// this node has applied every entry the stream had when it started.
    public func run(onCaughtUp: @escaping @Sendable () -> Void) async {
        readiness.markUnready(code: "recovering", message: "joining the cluster")
        guard let start = await bootstrapRetrying() else { return }
        hub.adopt(epoch: start.epoch)
        await store.startLog(from: start.checkpoint)
        status.figures.withLock { figures in
            figures.appliedEntries = start.checkpoint?.position.appliedEntries ?? 0
            figures.lastAppliedID = start.checkpoint?.position.lastEntryID ?? "0-0"
        }
        if let file = start.checkpoint?.model { installModel(file) }
        let lease = ClusterLeaseThread(options: options.log, node: options.node,
                                       periodMilliseconds: options.leasePeriodMilliseconds, status: status)
        lease.start()
        let reader = log.reader(after: StreamID(start.checkpoint?.position.lastEntryID ?? "0-0") ?? .zero)
        let applier = Applier(node: self, epoch: start.epoch, entriesAtStart: start.entriesAdded, onCaughtUp: onCaughtUp)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await applier.run(reader) }
            group.addTask { await self.runTicks() }
            await group.waitForAll()
        }
        reader.stop()
        await DedicatedThread.run("pulse-lease-end") { lease.stop() }
        log.close()
        await snapshots.finish()
    }

    /// Makes `model` live on every node: its file goes into the log as a model entry, and each
    /// node (this one too) swaps to it when it applies that entry.
    /// - Throws: `LogUnavailable` when the entry could not be appended.
    public func publish(model: EngagementModel) async throws {
        let file = try [UInt8](model.jsonData())
        do {
            _ = try await log.append([LogEntry.model(node: options.node, model: file).encoded()])
        } catch {
            throw LogUnavailable("\(error)")
        }
    }

    /// A cluster whose log has no model gets the leader's own (loaded at start), so every node
    /// predicts with one model and shows one report. The leader checks once, when it first leads
    /// after catching up (two leaders at once may both publish; the later entry wins everywhere).
    func publishLocalModelIfNone() async {
        guard await !store.hasLogModel, let model = models.model else { return }
        do {
            try await publish(model: model)
            logger.info("published this node's model to the cluster (the log had none)", ["target": model.target])
        } catch {
            logger.warn("cannot publish this node's model to the cluster", ["error": "\(error)"])
        }
    }

    /// Puts a model file applied from the log into the slot the scorer reads.
    func installModel(_ file: [UInt8]) {
        do {
            models.replace(with: try EngagementModel(jsonData: Data(file)))
        } catch {
            logger.error("a model from the cluster log cannot be loaded; predictions keep the previous model", ["error": "\(error)"])
        }
    }
}
