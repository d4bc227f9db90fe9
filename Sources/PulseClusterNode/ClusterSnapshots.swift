import Foundation
import PulseAnalytics
import PulseCluster
import PulseHub
import PulseStore
import Synchronization

/// A cluster node's checkpoints: each one goes to `DIR/cluster-snapshots` (the newest two are
/// kept), and the leader's also to Redis (blob `snapshot`, which a new node starts from). Once a
/// newer snapshot is in Redis, the stream is trimmed below the one before it (`XTRIM MINID`), so
/// every entry after any snapshot a node may still start from stays in the stream.
///
/// Thread ownership: thread-safe; at most one write runs at a time, on a dedicated thread (file
/// I/O and Redis calls block). Checkpoints that come while one is written are skipped.
final class ClusterSnapshots: Sendable {
    static let blobName = "snapshot"

    private let options: ClusterNode.Options
    private let status: ClusterStatus
    private let logger: Logger
    private let files: SnapshotStore?
    /// What the last snapshot known to be in Redis covers (the next trim's bound).
    private let redisCovers = Mutex<StreamID?>(nil)
    private let writing = Mutex<Task<Void, Never>?>(nil)

    init(options: ClusterNode.Options, status: ClusterStatus, logger: Logger) {
        self.options = options
        self.status = status
        self.logger = logger
        let directory = options.dataDirectory + "/cluster-snapshots"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            files = try SnapshotStore(directory: directory)
        } catch {
            logger.error("cannot use the snapshot directory; this node keeps no checkpoints of its own",
                         ["directory": directory, "error": "\(error)"])
            files = nil
        }
    }

    /// This node's newest readable checkpoint of `epoch` (older epochs are of a log that is gone).
    func loadLocal(epoch: UInt64) -> LogCheckpoint? {
        guard let files else { return nil }
        do {
            let loaded = try files.loadNewestValid()
            for skipped in loaded.skipped { logger.warn("skipped snapshot", ["path": skipped.path, "reason": skipped.reason]) }
            guard let snapshot = loaded.snapshot else { return nil }
            let checkpoint = try LogCheckpoint(decoding: snapshot.payload, limits: options.limits)
            guard checkpoint.epoch == epoch else {
                logger.warn("this node's snapshot is of another cluster epoch; starting without it",
                            ["its_epoch": String(checkpoint.epoch), "cluster_epoch": String(epoch)])
                return nil
            }
            return checkpoint
        } catch {
            logger.warn("this node's snapshot is unreadable; starting without it", ["error": "\(error)"])
            return nil
        }
    }

    func noteRedisSnapshot(covering id: StreamID) { redisCovers.withLock { $0 = id } }

    /// Writes `checkpoint` in the background unless a write is still running.
    func write(_ checkpoint: LogCheckpoint) {
        writing.withLock { running in
            guard running == nil else { return }
            let leader = status.isLeader
            running = Task { [self] in
                await DedicatedThread.run("pulse-snapshot") { self.save(checkpoint, toRedis: leader) }
                writing.withLock { $0 = nil }
            }
        }
    }

    /// Waits for a write in progress.
    func finish() async {
        if let running = writing.withLock({ $0 }) { await running.value }
    }

    /// How far a node that reported in the last minute may be behind: nodes silent for longer are
    /// taken for gone (on restart they start from the snapshot in Redis if theirs is older).
    static let staleAfterMilliseconds: UInt64 = 60_000

    /// The trim's bound: the previous Redis snapshot, or the slowest live node's last applied
    /// entry if that is older; nil when a live node has applied nothing yet.
    private func trimBound(_ previous: StreamID, _ connection: RedisConnection) throws -> StreamID? {
        guard case .array(let fields) = try connection.command("HGETALL", options.log.keys.applied) else { return previous }
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        var bound = previous
        var index = 0
        while index + 1 < fields.count {
            let parts = (fields[index + 1].text ?? "").split(separator: " ")
            index += 2
            guard parts.count == 2, let id = StreamID(String(parts[0])), let stamp = UInt64(parts[1]),
                  now < stamp + Self.staleAfterMilliseconds else { continue }
            if id == .zero { return nil }
            bound = min(bound, id)
        }
        return bound
    }

    private func save(_ checkpoint: LogCheckpoint, toRedis: Bool) {
        defer { HeapTrim.releaseFreeMemory() }
        let started = Date()
        let bytes: [UInt8]
        do { bytes = try checkpoint.encoded() } catch {
            logger.error("cannot encode a checkpoint", ["error": "\(error)"])
            return
        }
        if let files {
            do {
                _ = try files.write(bytes, coveringSequence: checkpoint.position.appliedEntries)
                _ = try files.removeOld(keeping: 2)
            } catch {
                logger.error("cannot write a snapshot", ["error": "\(error)"])
            }
        }
        var fields = ["bytes": String(bytes.count), "entry": checkpoint.position.lastEntryID,
                      "seconds": String(format: "%.2f", Date().timeIntervalSince(started))]
        if toRedis, let covers = StreamID(checkpoint.position.lastEntryID) {
            do {
                let connection = try RedisConnection(url: options.log.url, connectTimeoutMilliseconds: options.log.connectTimeoutMilliseconds,
                                                     commandTimeoutMilliseconds: options.log.commandTimeoutMilliseconds + 5000)
                if try ClusterBlobs(connection: connection, keys: options.log.keys).put(Self.blobName, bytes: bytes, covers: covers) {
                    fields["redis"] = "stored"
                    let previous = redisCovers.withLock { previous -> StreamID? in
                        defer { previous = covers }
                        return previous
                    }
                    if let previous, let bound = try trimBound(previous, connection) {
                        let trimmed = try connection.command("XTRIM", options.log.keys.log, "MINID", bound.description)
                        fields["trimmed_entries"] = String(trimmed.integer ?? 0)
                    }
                }
            } catch {
                logger.warn("cannot store the cluster snapshot in Redis", ["error": "\(error)"])
            }
        }
        logger.info("snapshot written", fields)
    }
}
