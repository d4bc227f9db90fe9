import PulseAnalytics
import PulseClusterNode
import PulseHub
import PulseStore

/// The service's one lifecycle: every long-running part in one `ServiceGroup`.
///
/// Parts, in start order: persistence (recovery, then periodic snapshots; the final snapshot and
/// closing the WAL when it stops), the publisher, training jobs, the server, the folder watchers
/// and the demo feed. Shutdown runs in reverse: the demo feed and watchers stop; the server stops
/// accepting, finishes requests in flight and closes WebSockets with 1001; training and the
/// publisher stop; the final snapshot is written. A part that fails stops the whole service.
extension PulseService {
    /// Serves until `shutdown()`; throws the first part's failure (recovery, watching a folder,
    /// the final snapshot, ...) after everything has stopped.
    public func run() async throws {
        defer { finished.trigger() }
        var parts: [ServicePart]
        if let cluster {
            // In a cluster the log's ticks cut the deltas, and the log is the state's durability.
            parts = [clusterPart(cluster)]
        } else {
            parts = [persistencePart(), .cancellable("publisher") { [hub, configuration, clock] in
                await Publisher(hub: hub, interval: .milliseconds(configuration.push.tickMilliseconds), clock: clock).run()
            }]
        }
        parts += [.cancellable("training") { [training] in await training.run() }, serverPart()]
        if !configuration.watch.directories.isEmpty { parts.append(watchPart()) }
        if configuration.demo.enabled { parts.append(demoPart()) }
        try await ServiceGroup(parts: parts, logger: logger.child("lifecycle"), shutdown: shutdownRequested).run()
    }

    private func persistencePart() -> ServicePart {
        ServicePart("persistence") { [self] stop in
            let log = logger.child("store")
            if let model = models.model { await store.setModel(target: model.target, report: ModelReportJSON.encode(model)) }
            let recovery = try await persistence.recover()
            describe(recovery, log)
            readiness.markReady()
            recovered.trigger()
            let interval = Duration.seconds(configuration.store.snapshotIntervalSeconds)
            await ServicePart.cancellable("snapshots") { [persistence] in
                await persistence.runSnapshots(every: interval) { log.error("snapshot failed", ["error": "\($0)"]) }
            }.runIgnoringErrors(stop)
            do {
                if let report = try await persistence.checkpoint() {
                    log.info("final snapshot written", ["bytes": String(report.snapshotBytes), "seconds": format2(report.seconds)])
                }
            } catch {
                await closeLog()
                throw error
            }
            await closeLog()
        }
    }

    /// Cluster mode's persistence and publisher in one: joins the cluster, catches up with its log
    /// (then the hub is ready), and follows it until shutdown.
    private func clusterPart(_ cluster: ClusterNode) -> ServicePart {
        .cancellable("cluster") { [readiness, recovered] in
            await cluster.run(onCaughtUp: {
                readiness.markReady()
                recovered.trigger()
            })
        }
    }

    /// Flushes and closes the WAL; it waits for the writer thread, so not on the cooperative pool.
    private func closeLog() async {
        await DedicatedThread.run("pulse-wal-close") { [persistence] in persistence.close() }
    }

    private func serverPart() -> ServicePart {
        .stoppable("server", { [server] in await server.run() }, requestStop: { [server] in server.shutdown() })
    }

    private func watchPart() -> ServicePart {
        ServicePart("watchers") { [self] stop in
            guard await Trigger.first(recovered, stop) == 0 else { return }
            let positions = await store.filePositions
            let log = logger.child("watch")
            let watcher = try WatchIngest(directories: configuration.watch.directories, positions: positions, ingest: ingest,
                                          csvColumns: configuration.watch.csvColumnMap, log: { log.warn($0) })
            log.info("watching \(configuration.watch.directories.joined(separator: ", "))")
            try await ServicePart.stoppable("watchers", { await watcher.run() }, requestStop: { watcher.requestStop() }).run(stop)
        }
    }

    private func demoPart() -> ServicePart {
        ServicePart("demo") { [self] stop in
            guard await Trigger.first(recovered, stop) == 0 else { return }
            let demo = DemoDriver(ingest: ingest, rate: configuration.demo.rate, seed: UInt64(configuration.demo.seed), clock: clock)
            await ServicePart.cancellable("demo") { await demo.run() }.runIgnoringErrors(stop)
        }
    }

    private func describe(_ recovery: StatePersistence.Recovery, _ log: Logger) {
        let report = recovery.report
        var fields = ["posts": String(recovery.posts), "seconds": format2(report.seconds)]
        if let sequence = report.snapshotSequence {
            fields["snapshot_sequence"] = String(sequence)
            fields["replayed_records"] = String(report.replay.records)
        }
        log.info("recovered the state", fields)
        for skipped in report.skippedSnapshots { log.warn("skipped snapshot", ["path": skipped.path, "reason": skipped.reason]) }
        if let repair = report.tailRepair { log.warn("WAL tail cut", ["repair": "\(repair)"]) }
    }
}

private func format2(_ seconds: Double) -> String { String(Double(Int(seconds * 100)) / 100) }

extension ServicePart {
    /// Runs this part in place with `stop` (its errors, if any, are dropped: for bodies that do not throw).
    func runIgnoringErrors(_ stop: Trigger) async {
        try? await run(stop)
    }
}

extension Trigger {
    /// Waits for whichever of `a` and `b` comes first; 0 for `a`, 1 for `b`.
    static func first(_ a: Trigger, _ b: Trigger) async -> Int {
        await withTaskGroup(of: Int.self) { group in
            group.addTask { await a.wait(); return 0 }
            group.addTask { await b.wait(); return 1 }
            let winner = await group.next() ?? 1
            group.cancelAll()
            return winner
        }
    }
}
