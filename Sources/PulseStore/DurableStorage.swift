import Foundation

/// The durable storage of one data directory: snapshots in `<directory>/snapshots` and the
/// write-ahead log in `<directory>/wal`, opened together by a recovery and trimmed together by a
/// checkpoint. A `Sendable` class: `wal.append` from any task; `checkpoint` from one task at a time.
public final class DurableStorage: Sendable {
    /// The log new records are appended to.
    public let wal: WriteAheadLog
    /// The snapshot files.
    public let snapshots: SnapshotStore

    /// What recovery found and did. A value type, safe to share.
    public struct RecoveryReport: Sendable {
        /// The WAL sequence of the snapshot that was loaded, nil when none was.
        public var snapshotSequence: UInt64?
        /// Snapshot bytes loaded.
        public var snapshotBytes: Int = 0
        /// Newer snapshots skipped as invalid, with why (the fallback case).
        public var skippedSnapshots: [(path: String, reason: String)] = []
        /// The torn tail cut off the newest WAL segment, if any.
        public var tailRepair: WALTailRepair?
        /// Records replayed after the snapshot; `replay.stop` is set if an older segment was corrupt
        /// or missing (the state then ends at the last good record before it).
        public var replay = WALReplayReport()
        /// With `WALCorruptionPolicy.setAside`: the segment files moved out of the log.
        public var setAside: [String] = []
        /// Wall-clock time of the whole recovery.
        public var seconds: Double = 0
    }

    /// What a checkpoint wrote and removed. A value type, safe to share.
    public struct CheckpointReport: Sendable {
        /// The snapshot file written.
        public var snapshotPath: String
        /// Its size, header included.
        public var snapshotBytes: Int
        /// Older snapshot (and leftover temporary) files deleted.
        public var removedSnapshots: [String]
        /// WAL segments deleted (wholly covered by the older of the two kept snapshots).
        public var removedSegments: [String]
        /// Wall-clock time of the checkpoint.
        public var seconds: Double
    }

    private init(wal: WriteAheadLog, snapshots: SnapshotStore) {
        self.wal = wal
        self.snapshots = snapshots
    }

    /// Recovers the data directory: loads the newest valid snapshot (falling back to an older one
    /// when the newest is corrupt) into `applySnapshot`, opens the WAL (cutting a torn tail), and
    /// replays every later record into `applyRecord`, in order, on the caller's thread.
    /// Only then may the caller start appending. If replay stops early (an older segment corrupt or
    /// missing), `onCorruption` decides: throw `StorageError.corrupt` (default) or set the rest aside.
    public static func open(
        directory: String, options: WALOptions = WALOptions(), onCorruption: WALCorruptionPolicy = .refuse,
        applySnapshot: (SnapshotStore.Snapshot) throws -> Void,
        applyRecord: (UInt64, UnsafeRawBufferPointer) throws -> Void
    ) throws -> (DurableStorage, RecoveryReport) {
        let started = Date()
        var report = RecoveryReport()
        let snapshots = try SnapshotStore(directory: directory + "/snapshots", diskWriter: options.diskWriter)
        let loaded = try snapshots.loadNewestValid()
        report.skippedSnapshots = loaded.skipped
        var from: UInt64 = 1
        if let snapshot = loaded.snapshot {
            try applySnapshot(snapshot)
            report.snapshotSequence = snapshot.sequence
            report.snapshotBytes = snapshot.payload.count
            from = snapshot.sequence + 1
        }
        var wal = try WriteAheadLog(directory: directory + "/wal", options: options, nextSequenceAtLeast: from)
        report.tailRepair = wal.tailRepair
        do {
            report.replay = try WALReader(directory: wal.directory).replay(from: from, applyRecord)
        } catch {
            wal.close()
            throw error
        }
        if let stop = report.replay.stop {
            wal.close()
            guard onCorruption == .setAside else { throw StorageError.corrupt(path: stop.path, reason: stop.description) }
            report.setAside = try WALSetAside.apply(stop, nextSequence: report.replay.nextSequence,
                                                    directory: wal.directory, writer: options.diskWriter)
            wal = try WriteAheadLog(directory: wal.directory, options: options,
                                    nextSequenceAtLeast: max(from, report.replay.nextSequence))
        }
        report.seconds = Date().timeIntervalSince(started)
        return (DurableStorage(wal: wal, snapshots: snapshots), report)
    }

    /// Durably writes a snapshot of the state covering WAL sequence `sequence`, keeps only the
    /// newest two snapshots, and removes the WAL segments wholly covered by the OLDER of those two,
    /// so that falling back from a corrupt newest snapshot still finds every record it needs.
    public func checkpoint(_ payload: [UInt8], coveringSequence sequence: UInt64) throws -> CheckpointReport {
        let started = Date()
        let path = try snapshots.write(payload, coveringSequence: sequence)
        let removedSnapshots = try snapshots.removeOld(keeping: 2)
        let kept = try snapshots.files()
        var removedSegments: [String] = []
        if kept.count >= 2 {
            removedSegments = try wal.removeSegments(coveredThrough: kept[1].sequence)
        }
        return CheckpointReport(snapshotPath: path, snapshotBytes: SnapshotStore.headerSize + payload.count,
                                removedSnapshots: removedSnapshots, removedSegments: removedSegments,
                                seconds: Date().timeIntervalSince(started))
    }
}
