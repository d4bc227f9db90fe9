import Foundation
import PulseStore

extension ClusterNode {
    /// Every 20 ms (at most a tick): fails requests whose entry did not come back in time, keeps
    /// `/readyz` true to the cluster's reachability, and, while this node holds the lease and
    /// applied changes wait, appends a tick entry once a tick has passed since the previous one
    /// (the tick cuts the next delta on every node). So a change into a quiet cluster is pushed
    /// within about 20 ms and a busy cluster sends at most one delta per tick, as on one node.
    /// A tick is not written while the previous one has not come back yet (unless it is long
    /// overdue), so a leader whose reads lag does not pile ticks up. Ends on cancellation.
    func runTicks() async {
        let interval = Duration.milliseconds(Int(options.tickSeconds * 1000))
        let poll = min(interval, .milliseconds(20))
        var lastWritten: (time: Double, at: ContinuousClock.Instant)?
        var modelChecked = false
        while !Task.isCancelled {
            do { try await Task.sleep(for: poll) } catch { return }
            ingestLog.failOverdue()
            updateReadiness()
            guard status.isLeader, status.figures.withLock({ $0.caughtUp }) else { continue }
            if !modelChecked {
                modelChecked = true
                await publishLocalModelIfNone()
            }
            if let last = lastWritten, ContinuousClock.now - last.at < interval { continue }
            guard await store.hasPendingChanges else { continue }
            if let last = lastWritten, let position = await store.position, position.lastTickTime < last.time,
               ContinuousClock.now - last.at < interval * 10 { continue }
            let time = clock()
            do {
                _ = try await log.append([LogEntry.tick(time: time, node: options.node).encoded()])
                lastWritten = (time, ContinuousClock.now)
            } catch {
                logger.debug("cannot append a tick", ["error": "\(error)"])
            }
        }
    }

    /// Ready while caught up and Redis answers both the lease thread and the log reader.
    private func updateReadiness() {
        let figures = status.figures.withLock { $0 }
        guard figures.caughtUp else { return }
        if figures.redisReachable {
            if !readiness.isReady { logger.info("the cluster log is reachable; taking traffic") }
            readiness.markReady()
        } else if readiness.isReady {
            logger.warn("the cluster log is out of reach; ingest answers 503 until it is back", ["error": figures.redisProblem])
            readiness.markUnready(code: "log_unavailable", message: "the cluster log (Redis) is out of reach: \(figures.redisProblem)")
        }
    }
}
