import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

/// Cluster mode end to end: a real `redis-server` (AOF, `appendfsync always`) and three real
/// `pulse serve --cluster` processes (`ClusterNodes`), driven over real HTTP and WebSockets,
/// with SIGKILL for crashes. One test at a time: each starts its own four processes.
@Suite(.serialized) struct ClusterModeTests {
    /// Runs blocking test code on a thread of its own (not the cooperative pool).
    static func onThread(_ work: @escaping @Sendable () throws -> Void) async throws {
        let outcome = await DedicatedThread.run("pulse-cluster") { Result { try work() } }
        try outcome.get()
    }

    @Test func postToOneNodeReachesEveryNodeAtTheSameOffsetWithTheSameBytes() async throws {
        try await Self.onThread {
            try ClusterNodes.with { cluster in
                // Two subscribers on c, so that a per-node subscriber count in a delta would show.
                let placement = ["a", "b", "c", "c"]
                let sockets = try placement.map { try cluster[$0].webSocket() }
                let subscribed = try sockets.map { try subscribe($0) }
                #expect(Set(subscribed.map { uint($0["epoch"]) }).count == 1, "the epoch is the cluster's: \(subscribed)")
                let client = try cluster["a"].http()
                let ids = (0..<5).map { "same-\($0)" }
                for id in ids {
                    let answer = try client.post("/api/posts", ClusterLoad.body([id]))
                    #expect(answer.status == 202, "\(answer.status) \(answer.text)")
                    #expect(answer.json?["accepted"]?.numberValue == 1)
                }
                var logs = Array(repeating: DeltaLog(), count: sockets.count)
                for index in sockets.indices { try logs[index].read(sockets[index], until: ids) }
                for (name, log) in zip(placement, logs).dropFirst() {
                    #expect(log.offsetOf == logs[0].offsetOf, "posts arrived at other offsets on \(name) than on a")
                }
                let common = logs.dropFirst().reduce(Set(logs[0].offsets)) { $0.intersection($1.offsets) }.sorted()
                #expect(!common.isEmpty)
                #expect(common == Array((common.first ?? 0)...(common.last ?? 0)), "offsets not consecutive: \(common)")
                for (name, log) in zip(placement, logs).dropFirst() {
                    for offset in common {
                        #expect(log.texts[offset] == logs[0].texts[offset], "delta \(offset) differs between a and \(name)")
                    }
                }
                #expect(logs.allSatisfy { $0.others.isEmpty })
                #expect(!logs[0].texts.values.contains { $0.contains(#""subscribers""#) }, "a delta carries stats.subscribers")

                let states = try ClusterCheck.settledStates(cluster)
                for (name, subscribers) in [("a", 1.0), ("b", 1.0), ("c", 2.0)] {
                    #expect(ClusterCheck.total(states[name]) == 5, "node \(name)")
                    #expect(states[name]?["stats"]?["subscribers"]?.numberValue == subscribers, "node \(name): per-node subscribers")
                }
                let reference = ClusterCheck.withoutSubscribers(states["a"]!)
                for name in ["b", "c"] {
                    let state = ClusterCheck.withoutSubscribers(states[name]!)
                    #expect(state == reference, "GET /api/state on \(name) differs from a at \(ClusterCheck.differences(reference, state))")
                }
            }
        }
    }

    @Test func subscriberLeavingOneNodeRecoversTheMissedDeltasOnAnother() async throws {
        try await Self.onThread {
            try ClusterNodes.with { cluster in
                var leaving: TestWebSocket? = try cluster["a"].webSocket()
                let first = try subscribe(leaving!)
                let reference = try cluster["c"].webSocket()
                try subscribe(reference)
                var referenceLog = DeltaLog()
                let poster = try cluster["b"].http()
                let before = (0..<3).map { "before-\($0)" }
                #expect(try poster.post("/api/posts", ClusterLoad.body(before)).status == 202)
                var leavingLog = DeltaLog()
                try leavingLog.read(leaving!, until: before)
                let lastOffset = try #require(leavingLog.offsets.last)
                leaving = nil

                // Posts while it is away, each waited for on the reference so that they span several deltas.
                let missed = (0..<6).map { "missed-\($0)" }
                for (index, id) in missed.enumerated() {
                    let node = cluster[index % 2 == 0 ? "a" : "b"]
                    #expect(try node.http().post("/api/posts", ClusterLoad.body([id])).status == 202)
                    try referenceLog.read(reference, until: [id])
                }

                let back = try cluster["c"].webSocket()
                try back.subscribe(recover: (epoch: uint(first["epoch"]), offset: lastOffset))
                let answer = try back.receiveJSON()
                #expect(answer["op"]?.stringValue == "subscribed")
                #expect(answer["recovered"] == .bool(true), "\(answer)")
                #expect(uint(answer["offset"]) == lastOffset)
                var backLog = DeltaLog()
                try backLog.read(back, until: missed)
                let expected = referenceLog.offsets.filter { $0 > lastOffset }
                #expect(backLog.offsets == expected, "recovered offsets after \(lastOffset)")
                #expect(backLog.offsets.first == lastOffset + 1)
                for offset in expected {
                    #expect(backLog.texts[offset] == referenceLog.texts[offset], "recovered delta \(offset) differs from c's live one")
                }
                #expect(backLog.arrivals == Dictionary(uniqueKeysWithValues: missed.map { ($0, 1) }), "exactly the missed posts, once each")
                #expect(backLog.others.isEmpty, "no snapshot after a recovery: \(backLog.others)")
            }
        }
    }

    @Test func nodeKilledUnderLoadCatchesUpOnRestart() async throws {
        try await Self.onThread {
            // Snapshots every second, so that b restarts from one of its own and the stream after it.
            try ClusterNodes.with(arguments: ["--snapshot-interval", "1"]) { cluster in
                let a = cluster["a"], b = cluster["b"]
                let onB = try b.webSocket()
                let epoch = uint(try subscribe(onB, topics: ["posts"])["epoch"])
                let load = ClusterLoad(prefix: "kill", batchSize: 10) { a.port }
                load.start()
                #expect(load.wait { $0.acknowledgedBatches >= 8 })
                // The crash comes once b has a checkpoint of its own on disk.
                let checkpoints = b.dataDirectory + "/cluster-snapshots"
                #expect(ClusterCheck.eventually(timeout: 20) {
                    ((try? FileManager.default.contentsOfDirectory(atPath: checkpoints)) ?? [])
                        .contains { $0.hasPrefix("snapshot-") && $0.hasSuffix(".bin") }
                }, "b wrote no snapshot in \(checkpoints)")
                var beforeCrash = DeltaLog()
                try beforeCrash.read(onB, until: ["kill-0"])
                cluster.kill(b)
                // b's subscriber takes what b sent before it died, then recovers on c.
                try beforeCrash.readUntilClosed(onB)
                let lastOffset = try #require(beforeCrash.offsets.last)
                let onC = try cluster["c"].webSocket()
                try onC.subscribe(topics: ["posts"], recover: (epoch: epoch, offset: lastOffset))
                let answer = try onC.receiveJSON()
                #expect(answer["recovered"] == .bool(true), "recovery on c after b's crash: \(answer)")
                #expect(load.wait { $0.acknowledgedBatches >= 16 }, "a stopped acknowledging while b was down")
                #expect(try cluster["c"].http().get("/readyz").status == 200, "c is affected by b's crash")
                let logBefore = b.log().count
                try cluster.restart(b)
                let restartLog = String(b.log().dropFirst(logBefore))
                #expect(restartLog.contains("from_entry="), "b did not start from a snapshot: \(restartLog.prefix(1500))")
                #expect(load.wait { $0.acknowledgedBatches >= 24 })
                let record = load.stop()
                #expect(record.refusals.isEmpty, "\(record.refusals.prefix(5))")
                let states = try ClusterCheck.settledStates(cluster)
                for name in ["a", "b", "c"] {
                    #expect(ClusterCheck.total(states[name]) == Double(record.acknowledged.count), "node \(name)")
                }
                let reference = ClusterCheck.withoutSubscribers(states["a"]!)
                let restarted = ClusterCheck.withoutSubscribers(states["b"]!)
                #expect(restarted == reference, "b after its restart differs from a at \(ClusterCheck.differences(reference, restarted))\n\(cluster.logReport())")
                // Every acknowledged post reached the subscriber exactly once, across the crash.
                var afterCrash = DeltaLog()
                try afterCrash.read(onC, until: record.acknowledged.filter { beforeCrash.arrivals[$0] == nil })
                #expect(afterCrash.offsets.first == lastOffset + 1, "recovered from \(lastOffset): \(afterCrash.offsets.prefix(3))")
                let offsets = beforeCrash.offsets + afterCrash.offsets
                #expect(offsets == Array((offsets.first ?? 0)...(offsets.last ?? 0)), "a gap in offsets: \(offsets)")
                let arrivals = beforeCrash.arrivals.merging(afterCrash.arrivals, uniquingKeysWith: +)
                #expect(arrivals == Dictionary(uniqueKeysWithValues: record.acknowledged.map { ($0, 1) }),
                        "posts missed or delivered twice across b's crash")
            }
        }
    }

    @Test func redisKilledUnderLoadLosesNoAcknowledgedPost() async throws {
        try await Self.onThread {
            try ClusterNodes.with { cluster in
                let watcher = try cluster["c"].webSocket()
                try subscribe(watcher, topics: ["posts"])
                let loads = cluster.nodes.map { node in ClusterLoad(prefix: "redis\(node.name)", batchSize: 5) { node.port } }
                loads.forEach { $0.start() }
                for load in loads { #expect(load.wait { $0.acknowledgedBatches >= 5 }) }
                cluster.killRedis()
                for node in cluster.nodes {
                    #expect(ClusterCheck.eventually { (try? node.http().get("/readyz").status) == 503 }, "node \(node.name) still ready without Redis")
                }
                for load in loads { #expect(load.wait { !$0.refusals.isEmpty }, "\(load.prefix): no refusal without Redis") }
                try cluster.restartRedis()
                try cluster.waitUntilReady()
                let marks = loads.map(\.snapshot.acknowledgedBatches)
                for (load, mark) in zip(loads, marks) {
                    #expect(load.wait { $0.acknowledgedBatches >= mark + 5 }, "\(load.prefix): no 202 after Redis came back")
                }
                let records = loads.map { $0.stop() }
                // Refused while Redis is away (log_unavailable) or while a node catches up after it
                // came back (recovering); always with Retry-After, never unanswered.
                for refusal in records.flatMap(\.refusals) {
                    #expect(refusal.status == 503 && ["log_unavailable", "recovering"].contains(refusal.error ?? "")
                            && refusal.retryAfter != nil, "\(refusal)")
                }

                let acknowledged = records.flatMap(\.acknowledged)
                let unsure = records.flatMap(\.unacknowledged)
                let states = try ClusterCheck.settledStates(cluster)
                let totals = cluster.nodes.map { ClusterCheck.total(states[$0.name]) }
                #expect(Set(totals).count == 1, "totals by node \(totals)")
                #expect(totals[0] >= Double(acknowledged.count) && totals[0] <= Double(acknowledged.count + unsure.count),
                        "total \(totals[0]), acknowledged \(acknowledged.count), unacknowledged \(unsure.count)")
                let client = try cluster["a"].http()
                let again = try client.post("/api/posts", ClusterLoad.body(acknowledged)).json
                #expect(again?["accepted"]?.numberValue == 0, "an acknowledged post was lost: \(String(describing: again))\n\(cluster.logReport())")
                #expect(again?["duplicates"]?.numberValue == Double(acknowledged.count))
                let rest = try client.post("/api/posts", ClusterLoad.body(unsure)).json
                let added = rest?["accepted"]?.numberValue ?? -1
                #expect(totals[0] + added == Double(acknowledged.count + unsure.count), "a post was applied twice or lost\n\(cluster.logReport())")
                let kinds = Dictionary(grouping: records.flatMap(\.refusals), by: \.description).mapValues(\.count)
                print("cluster redis kill: \(acknowledged.count) posts acknowledged, \(unsure.count) refused \(kinds), "
                      + "\(Int(added)) of those not yet applied; totals \(totals)")
                let final = try ClusterCheck.settledStates(cluster)
                for node in cluster.nodes {
                    #expect(ClusterCheck.total(final[node.name]) == Double(acknowledged.count + unsure.count), "node \(node.name)")
                }
                // The WebSocket stayed open through the outage and got every post once, those
                // acknowledged before, during and after it and those sent again.
                var watched = DeltaLog()
                try watched.read(watcher, until: acknowledged + unsure)
                #expect(watched.arrivals.values.allSatisfy { $0 == 1 }, "a post delivered twice")
                #expect(watched.arrivals.count == acknowledged.count + unsure.count)
                #expect(watched.offsets == Array((watched.offsets.first ?? 0)...(watched.offsets.last ?? 0)), "a gap in offsets")
            }
        }
    }

    @Test func leaderKilledTicksResumeOnAnotherNodeWithinTwoLeasePeriods() async throws {
        let lease = 1000
        try await Self.onThread {
            try ClusterNodes.with(leaseMilliseconds: lease) { cluster in
                let leader = try cluster.leader()
                let survivor = try #require(cluster.nodes.first { $0 !== leader })
                let socket = try survivor.webSocket()
                try subscribe(socket, topics: ["posts"])
                let client = try survivor.http()
                var log = DeltaLog()
                #expect(try client.post("/api/posts", ClusterLoad.body(["lead-0"])).status == 202)
                try log.read(socket, until: ["lead-0"])
                let killedAt = Date()
                cluster.kill(leader)
                #expect(try client.post("/api/posts", ClusterLoad.body(["lead-1"])).status == 202)
                try log.read(socket, until: ["lead-1"], timeout: 10)
                let resumed = Date().timeIntervalSince(killedAt)
                print("cluster leader kill: the next delta came \(String(format: "%.2f", resumed)) s after the kill (lease \(lease) ms)")
                #expect(resumed <= 2 * Double(lease) / 1000, "the next delta came \(resumed) s after the leader was killed\n\(cluster.logReport())")
                #expect(log.offsets == Array((log.offsets.first ?? 0)...(log.offsets.last ?? 0)), "offsets \(log.offsets)")
                #expect(log.others.isEmpty, "\(log.others)")
                let next = try cluster.leader(timeout: 2 * Double(lease) / 1000)
                #expect(next !== leader)
            }
        }
    }

    @Test func nodeJoiningLateStartsFromTheSnapshotInRedisAfterTheStreamWasTrimmed() async throws {
        try await Self.onThread {
            try ClusterNodes.with(names: ["a", "b"], arguments: ["--snapshot-interval", "1"]) { cluster in
                let client = try cluster["a"].http()
                var sent = 0
                // Posts until the leader's snapshots in Redis have let the stream be trimmed.
                let trimmed = try ClusterCheck.eventually(timeout: 20) {
                    let ids = (sent..<sent + 10).map { "late-\($0)" }
                    sent += 10
                    #expect(try client.post("/api/posts", ClusterLoad.body(ids)).status == 202)
                    // Applied first, XLEN after: the stream can only be shorter than what a
                    // had applied before if entries were trimmed from it.
                    let applied = try cluster["a"].metric("pulse_cluster_applied_entries") ?? 0
                    return try Double(cluster.streamLength()) < applied
                }
                let length = try cluster.streamLength()
                #expect(trimmed, "the stream was never trimmed: \(length) entries")
                let applied = try cluster["a"].metric("pulse_cluster_applied_entries") ?? 0
                let late = try cluster.addNode("c")
                let joinLine = late.log().split(separator: "\n").first { $0.contains("joined cluster") } ?? ""
                print("cluster late join: \(sent) posts, stream \(length) of \(Int(applied)) entries; \(joinLine)")
                #expect(late.log().contains("from_entry="), "c did not start from the snapshot in Redis: \(late.log().suffix(1500))")
                let states = try ClusterCheck.settledStates(cluster)
                #expect(ClusterCheck.total(states["c"]) == Double(sent))
                let reference = ClusterCheck.withoutSubscribers(states["a"]!)
                let joined = ClusterCheck.withoutSubscribers(states["c"]!)
                #expect(joined == reference, "c differs from a at \(ClusterCheck.differences(reference, joined))")
            }
        }
    }
}
