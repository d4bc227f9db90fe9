/// The store as a deterministic state machine over the cluster log: `apply(log:)` takes entries
/// in log order and derives everything from them (time from the entries, ticks from the log,
/// idempotency in log order), so every node that applies the same entries holds the same state
/// and emits the same deltas with the same offsets. Runs on the store actor.
extension AnalyticsStore {
    /// One log entry as the store applies it (decoded off the actor by the node).
    public enum LogStep: Sendable {
        case batch(LogEntry.Origin, ScoredRecord)
        case tick(time: Double)
        case model(target: String?, report: [UInt8]?, file: [UInt8])
        /// A damaged or unreadable entry: counted, nothing applied (every node refuses it alike).
        case skip
    }

    /// What applying some entries produced, in log order.
    public struct LogOutcome: Sendable {
        /// The receipt of each batch, by who wrote it.
        public var receipts: [(origin: LogEntry.Origin, receipt: IngestReceipt)] = []
        /// The deltas cut by ticks, to publish in this order.
        public var deltas: [StateChanges] = []
        /// Model files that went live, in order (the last one is live now).
        public var models: [[UInt8]] = []
        /// Taken right after the first tick applied, when asked for.
        public var checkpoint: LogCheckpoint?
    }

    /// Switches the store to cluster mode at `checkpoint` (or at the start of the log): from now
    /// on only `apply(log:)` changes it. Once, at start-up, before any entry is applied.
    public func startLog(from checkpoint: LogCheckpoint?) {
        guard let checkpoint else {
            logPosition = LogPosition()
            return
        }
        state = checkpoint.state
        unpublished.removeAll()
        changed.removeAll()
        deltaOffset = checkpoint.deltaOffset
        silhouette = (checkpoint.silhouette, checkpoint.silhouetteAt)
        engagementTarget = checkpoint.engagementTarget
        modelReport = checkpoint.modelReport
        modelFile = checkpoint.model
        logPosition = checkpoint.position
    }

    /// Applies `steps` (the entries with these stream IDs, in log order). A tick cuts a delta,
    /// dated by the log's clock, unless its time is less than half of `tickInterval` after the
    /// time of the previous tick that did (the rule that makes a second, mistaken leader
    /// harmless: every node drops the same ticks).
    public func apply(log steps: [(id: String, step: LogStep)], tickInterval: Double, checkpointAtTick: Bool,
                      epoch: UInt64) -> LogOutcome {
        var position = logPosition ?? LogPosition()
        var outcome = LogOutcome()
        for (id, step) in steps {
            position.lastEntryID = id
            position.appliedEntries += 1
            switch step {
            case .batch(let origin, var record):
                record.acceptedAt = max(record.acceptedAt, position.time)
                position.time = record.acceptedAt
                outcome.receipts.append((origin, apply(record)))
            case .tick(let time):
                // Compared with the previous tick's own time: batches dated later by another
                // node's clock must not push the next tick out.
                guard time >= position.lastTickTime + tickInterval / 2 else { break }
                position.time = max(position.time, time)
                position.lastTickTime = time
                position.deltaTime = position.time
                logPosition = position
                if let changes = takeChanges(now: position.time) { outcome.deltas.append(changes) }
                if checkpointAtTick && outcome.checkpoint == nil { outcome.checkpoint = logCheckpoint(epoch: epoch) }
            case .model(let target, let report, let file):
                engagementTarget = target
                modelReport = report
                modelFile = file
                markChanged([.engagement])
                outcome.models.append(file)
            case .skip:
                break
            }
        }
        logPosition = position
        return outcome
    }

    /// The checkpoint at this point of the log (a copy: copy-on-write makes it cheap).
    public func logCheckpoint(epoch: UInt64) -> LogCheckpoint? {
        guard let logPosition else { return nil }
        return LogCheckpoint(state: state, position: logPosition, deltaOffset: deltaOffset, silhouette: silhouette.value,
                             silhouetteAt: silhouette.at, engagementTarget: engagementTarget, modelReport: modelReport,
                             model: modelFile, epoch: epoch)
    }

    /// Where the store is in the cluster log (nil on a single node).
    public var position: LogPosition? { logPosition }

    /// True once a model entry was applied (or came with the checkpoint).
    public var hasLogModel: Bool { modelFile != nil }

    /// True when entries applied since the last delta changed something (a tick would cut a delta).
    public var hasPendingChanges: Bool { !changed.isEmpty }
}
