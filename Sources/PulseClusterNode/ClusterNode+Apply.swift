import Foundation
import PulseAnalytics
import PulseCluster
import PulseHub
import PulseStore

extension ClusterNode {
    /// Follows the stream and applies it: decodes each batch of entries off the store actor,
    /// applies them in one actor call, publishes the deltas their ticks cut (in order), hands
    /// this node's receipts to the waiting requests, swaps models, and passes on a checkpoint
    /// once per snapshot interval. One task; ends when the reader ends (cancellation).
    struct Applier: Sendable {
        let node: ClusterNode
        let epoch: UInt64
        /// Entries the stream had had when this node started: caught up once it applied as many.
        let entriesAtStart: UInt64
        let onCaughtUp: @Sendable () -> Void

        func run(_ reader: ClusterLogReader) async {
            let store = node.store
            var caughtUp = false
            var lastCheckpoint = Date()
            if await store.position?.appliedEntries ?? 0 >= entriesAtStart { caughtUp = markCaughtUp() }
            let tick = node.options.tickSeconds
            for await entries in reader {
                let steps = entries.map { entry in (entry.id.description, node.step(for: entry)) }
                let wantCheckpoint = Date().timeIntervalSince(lastCheckpoint) >= node.options.snapshotIntervalSeconds
                let started = ContinuousClock.now
                let outcome = await store.apply(log: steps, tickInterval: tick, checkpointAtTick: wantCheckpoint, epoch: epoch)
                for delta in outcome.deltas { node.hub.publish(delta) }
                if !outcome.deltas.isEmpty { node.hub.metrics.observeTick(seconds: (ContinuousClock.now - started).seconds) }
                for (origin, receipt) in outcome.receipts { node.ingestLog.applied(origin, receipt) }
                if let file = outcome.models.last { node.installModel(file) }
                let position = await store.position
                let applied = position?.appliedEntries ?? 0
                node.status.figures.withLock {
                    $0.appliedEntries = applied
                    $0.lastAppliedID = position?.lastEntryID ?? "0-0"
                }
                if !caughtUp && applied >= entriesAtStart { caughtUp = markCaughtUp() }
                if let checkpoint = outcome.checkpoint {
                    lastCheckpoint = Date()
                    node.snapshots.write(checkpoint)
                }
            }
        }

        private func markCaughtUp() -> Bool {
            node.status.figures.withLock { $0.caughtUp = true }
            node.logger.info("caught up with the cluster log", ["entries": String(entriesAtStart)])
            onCaughtUp()
            return true
        }
    }

    /// What the store applies for `entry`; a damaged entry is skipped (logged), as on every node.
    func step(for entry: ClusterLogEntry) -> AnalyticsStore.LogStep {
        do {
            switch try LogEntry(decoding: entry.bytes) {
            case .batch(let origin, let record): return .batch(origin, record)
            case .tick(let time, _): return .tick(time: time)
            case .model(_, let file):
                let model = try EngagementModel(jsonData: Data(file))
                return .model(target: model.target, report: ModelReportJSON.encode(model), file: file)
            }
        } catch {
            logger.error("skipping an unreadable cluster log entry (every node skips it)", ["entry": entry.id.description, "error": "\(error)"])
            return .skip
        }
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
