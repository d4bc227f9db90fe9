import Foundation
import PulseAnalytics
import PulseCluster
import PulseStore

/// Joining the cluster: the cluster's epoch (made by the first node that starts), the newest
/// checkpoint this node can reach (its own in `DIR/cluster-snapshots`, or the one the leader
/// keeps in Redis, whichever covers more of the log), and how many entries the stream has had
/// (this node is caught up once it has applied as many). Blocking Redis calls run on a
/// dedicated thread.
extension ClusterNode {
    struct Start: Sendable {
        var epoch: UInt64
        var checkpoint: LogCheckpoint?
        var entriesAdded: UInt64
    }

    /// Bootstraps, retrying every second (with a log line) while Redis is out of reach; nil when cancelled.
    func bootstrapRetrying() async -> Start? {
        var attempts = 0
        while !Task.isCancelled {
            do {
                let start = try await DedicatedThread.run("pulse-bootstrap") { [self] in try bootstrap() }
                var fields = ["epoch": String(start.epoch), "stream_entries": String(start.entriesAdded)]
                if let checkpoint = start.checkpoint {
                    fields["from_entry"] = checkpoint.position.lastEntryID
                    fields["applied_entries"] = String(checkpoint.position.appliedEntries)
                }
                logger.info("joined cluster \(options.log.keys.cluster) as node \(options.node)", fields)
                return start
            } catch {
                attempts += 1
                readiness.markUnready(code: "log_unavailable", message: "cannot reach the cluster log: \(error)")
                if attempts == 1 || attempts % 10 == 0 {
                    logger.warn("cannot join the cluster yet; retrying every second", ["redis": options.log.url.description, "error": "\(error)"])
                }
                do { try await Task.sleep(for: .seconds(1)) } catch { return nil }
            }
        }
        return nil
    }

    /// One attempt; on the calling (dedicated) thread.
    private func bootstrap() throws -> Start {
        let connection = try RedisConnection(url: options.log.url, connectTimeoutMilliseconds: options.log.connectTimeoutMilliseconds,
                                             commandTimeoutMilliseconds: options.log.commandTimeoutMilliseconds)
        let keys = options.log.keys
        let proposed = UInt64.random(in: 1...(1 << 53))
        _ = try connection.command("SET", keys.epoch, String(proposed), "NX")
        guard let text = try connection.command("GET", keys.epoch).text, let epoch = UInt64(text) else {
            throw RedisError.protocolError("\(keys.epoch) does not hold an epoch number")
        }
        let entriesAdded = try ClusterLeaseThread.streamCounts(connection, key: keys.log).added
        let local = snapshots.loadLocal(epoch: epoch)
        var checkpoint = local
        if let blob = try ClusterBlobs(connection: connection, keys: keys).get(ClusterSnapshots.blobName),
           blob.covers > (local.flatMap { StreamID($0.position.lastEntryID) } ?? .zero) {
            do {
                let remote = try LogCheckpoint(decoding: blob.bytes, limits: options.limits)
                if remote.epoch == epoch {
                    checkpoint = remote
                    snapshots.noteRedisSnapshot(covering: blob.covers)
                } else {
                    logger.warn("the cluster snapshot in Redis is of another epoch; ignored", ["its_epoch": String(remote.epoch)])
                }
            } catch {
                logger.warn("the cluster snapshot in Redis is unreadable; ignored", ["error": "\(error)"])
            }
        }
        // Hold the trim at this point, then make sure it had not already passed it (the leader may
        // have trimmed between reading the checkpoints and now): if so, start again.
        try ClusterLeaseThread.publishApplied(connection, keys: keys, node: options.node,
                                              id: checkpoint?.position.lastEntryID ?? "0-0")
        let counts = try ClusterLeaseThread.streamCounts(connection, key: keys.log)
        guard counts.added - counts.length <= checkpoint?.position.appliedEntries ?? 0 else {
            throw TrimmedPast(trimmed: counts.added - counts.length, applied: checkpoint?.position.appliedEntries ?? 0)
        }
        return Start(epoch: epoch, checkpoint: checkpoint, entriesAdded: entriesAdded)
    }

    /// The stream was trimmed past the checkpoint a node would start from (the retry starts from
    /// the snapshot in Redis, which always covers the trim).
    struct TrimmedPast: Error, CustomStringConvertible {
        let trimmed: UInt64
        let applied: UInt64
        var description: String {
            "the stream was trimmed to entry \(trimmed), past this node's checkpoint at entry \(applied); starting again"
        }
    }
}
