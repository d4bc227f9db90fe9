import Foundation
import PulseAnalytics
import PulseStore
import Synchronization

/// The live state's durability: recovery at start (newest valid snapshot, then WAL replay: scored
/// records applied as they are, version-1 records re-scored), snapshots every interval and on clean shutdown. Thread-safe;
/// `recover` blocks and belongs on a thread of its own, the rest runs on tasks.
public final class StatePersistence: Sendable {
    public let directory: String
    public let options: WALOptions
    public let limits: LiveState.Limits
    public let scorer: PostScorer
    public let store: AnalyticsStore
    private let storage = Mutex<DurableStorage?>(nil)
    private let lastCheckpoint = Mutex<UInt64>(0)

    public init(directory: String, options: WALOptions, limits: LiveState.Limits, scorer: PostScorer, store: AnalyticsStore) {
        self.directory = directory
        self.options = options
        self.limits = limits
        self.scorer = scorer
        self.store = store
    }

    /// What recovery found and did, for the log.
    public struct Recovery: Sendable {
        public var report: DurableStorage.RecoveryReport
        public var posts: UInt64
        public var filePositions: [String: IngestRecord.FilePosition]
    }

    /// Rebuilds the state from disk (on a thread of its own) and installs it, with the WAL, in the store.
    public func recover() async throws -> Recovery {
        let (directory, options, limits, scorer) = (self.directory, self.options, self.limits, self.scorer)
        let (opened, report, recovered, last) = try await DedicatedThread.run("pulse-recover") { () throws -> (DurableStorage, DurableStorage.RecoveryReport, LiveState, UInt64) in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var state = LiveState(limits: limits)
            var last: UInt64 = 0
            var decoder = RecordBatchDecoder { sequence, record in
                Self.replay(record, into: &state, scorer: scorer)
                last = sequence
            }
            let (opened, report) = try DurableStorage.open(
                directory: directory, options: options,
                applySnapshot: { snapshot in
                    state = try LiveState(decoding: snapshot.payload, limits: limits)
                    last = snapshot.sequence
                },
                applyRecord: { sequence, bytes in try decoder.add(sequence: sequence, payload: bytes) })
            do { try decoder.flush() } catch {
                opened.wal.close()
                throw error
            }
            return (opened, report, state, last)
        }
        storage.withLock { $0 = opened }
        lastCheckpoint.withLock { $0 = report.snapshotSequence ?? 0 }
        await store.install(recovered, log: opened.wal, lastSequence: last)
        return Recovery(report: report, posts: recovered.totalPosts, filePositions: recovered.filePositions)
    }

    /// Applies one logged record as live ingest did. A scored record (version 2) is applied as it
    /// is, without the scorer; a version-1 record holds raw posts, which `scorer` scores again.
    public static func replay(_ record: LoggedRecord, into state: inout LiveState, scorer: PostScorer) {
        let applied: [StoredPost]
        switch record {
        case .scored(let scored):
            applied = state.apply(scored).1
        case .raw(let raw):
            applied = state.apply(scorer.score(raw.posts), now: raw.acceptedAt, file: raw.file,
                                  engagementTarget: scorer.models.model?.target).1
        }
        state.remember(applied)
    }

    /// Writes a snapshot when the state moved since the last one; returns its report. The store
    /// hands over a copy of its state; encoding and writing it run on a dedicated thread.
    /// - Throws: `StorageError` when the state cannot be encoded or written (no snapshot then).
    @discardableResult
    public func checkpoint() async throws -> DurableStorage.CheckpointReport? {
        guard let storage = storage.withLock({ $0 }) else { return nil }
        let (state, sequence) = await store.checkpoint()
        guard sequence > lastCheckpoint.withLock({ $0 }) else { return nil }
        try await storage.wal.waitUntilDurable(sequence)
        let report = try await DedicatedThread.run("pulse-snapshot") {
            defer { HeapTrim.releaseFreeMemory() }
            return try storage.checkpoint(try state.encoded(), coveringSequence: sequence)
        }
        lastCheckpoint.withLock { $0 = sequence }
        return report
    }

    /// Snapshots every `interval` until cancelled; failures are reported through `onError`.
    public func runSnapshots(every interval: Duration, onError: @Sendable (Error) -> Void) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            do { try await checkpoint() } catch { onError(error) }
        }
    }

    /// The WAL's group-commit counters since it was opened; nil before recovery has opened it.
    public var walStatistics: WALStatistics? { storage.withLock { $0?.wal.statistics } }

    /// Flushes and closes the WAL (after the final checkpoint).
    public func close() {
        storage.withLock { $0?.wal.close() }
    }
}
