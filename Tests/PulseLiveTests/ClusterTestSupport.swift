import Foundation
import PulseHub
import PulseTesting

/// The deltas one cluster subscriber received: the text of each by offset, the offset each post
/// id arrived in, how often each id arrived, and anything that was not a delta.
struct DeltaLog {
    var texts: [UInt64: String] = [:]
    var offsetOf: [String: UInt64] = [:]
    var arrivals: [String: Int] = [:]
    var others: [String] = []

    var offsets: [UInt64] { texts.keys.sorted() }

    /// Reads messages from `socket` until every id of `ids` has arrived (throws after `timeout`
    /// seconds or on a close).
    mutating func read(_ socket: TestWebSocket, until ids: some Sequence<String>, timeout: Double = 15) throws {
        let wanted = Set(ids)
        let deadline = Date().addingTimeInterval(timeout)
        while !wanted.isSubset(of: offsetOf.keys) {
            let remaining = max(deadline.timeIntervalSinceNow, 0.001)
            let event: TestWebSocket.Event
            do {
                event = try socket.receive(timeout: remaining)
            } catch {
                let missing = wanted.subtracting(offsetOf.keys).sorted()
                throw TestSocket.Failure(description: "\(error) while waiting for \(missing.count) of \(wanted.count) ids "
                                         + "(\(missing.prefix(10)) ...); offsets received \(offsets.first ?? 0)...\(offsets.last ?? 0), "
                                         + "\(texts.count) deltas")
            }
            switch event {
            case .close(let code, let reason):
                throw TestSocket.Failure(description: "closed \(code) \(reason) while waiting for deltas")
            case .text(let text):
                try note(text)
            }
        }
    }

    /// Reads everything `socket` still delivers until its connection ends (a crashed node's
    /// socket: what the node sent before it died is still in the kernel's buffer).
    mutating func readUntilClosed(_ socket: TestWebSocket, timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let event: TestWebSocket.Event
            do {
                event = try socket.receive(timeout: max(deadline.timeIntervalSinceNow, 0.001))
            } catch let failure as TestSocket.Failure where failure.description.hasPrefix("connection closed") {
                return
            }
            switch event {
            case .close: return
            case .text(let text): try note(text)
            }
        }
    }

    private mutating func note(_ text: String) throws {
        let message = try JSONParser.parse(Array(text.utf8))
        guard message["op"]?.stringValue == "delta" else {
            others.append(String(text.prefix(200)))
            return
        }
        let offset = UInt64(message["offset"]?.numberValue ?? -1)
        texts[offset] = text
        for id in postIDs(message) {
            offsetOf[id] = offset
            arrivals[id, default: 0] += 1
        }
    }
}

/// Cluster-wide checks over the nodes' HTTP routes.
enum ClusterCheck {
    /// `GET /api/state` of every running node, by name, taken while no node applied anything in
    /// between (`pulse_cluster_applied_entries` equal on all nodes, before and after the reads).
    static func settledStates(_ cluster: ClusterNodes, timeout: Double = 30) throws -> [String: JSONValue] {
        let deadline = Date().addingTimeInterval(timeout)
        var lastApplied: [Double?] = []
        while Date() < deadline {
            let running = cluster.nodes.filter(\.isRunning)
            let before = try running.map { try $0.metric("pulse_cluster_applied_entries") }
            lastApplied = before
            guard let first = before.first ?? nil, before.allSatisfy({ $0 == first }) else {
                usleep(20_000)
                continue
            }
            let states = try running.map { try $0.state() }
            let after = try running.map { try $0.metric("pulse_cluster_applied_entries") }
            if after == before { return Dictionary(uniqueKeysWithValues: zip(running.map(\.name), states)) }
        }
        throw TestSocket.Failure(description: "the nodes never held the same number of applied entries: \(lastApplied)")
    }

    /// `state` without `stats.subscribers` (the one per-node figure).
    static func withoutSubscribers(_ state: JSONValue) -> JSONValue {
        guard case .object(var top) = state else { return state }
        top.members = top.members.map { member in
            guard member.key == "stats", case .object(var stats) = member.value else { return member }
            stats.members.removeAll { $0.key == "subscribers" }
            return (member.key, .object(stats))
        }
        return .object(top)
    }

    /// The paths (`topics.trending`, `stats.total`, ...) where two JSON values differ, for messages.
    static func differences(_ left: JSONValue, _ right: JSONValue, path: String = "") -> [String] {
        guard left != right else { return [] }
        guard case .object(let leftObject) = left, case .object(let rightObject) = right else {
            return [path.isEmpty ? "(whole value)" : path]
        }
        let keys = Set(leftObject.members.map(\.key)).union(rightObject.members.map(\.key)).sorted()
        return keys.flatMap { key in
            differences(leftObject[key] ?? .null, rightObject[key] ?? .null, path: path.isEmpty ? key : path + "." + key)
        }
    }

    /// `stats.total` of a state.
    static func total(_ state: JSONValue?) -> Double { state?["stats"]?["total"]?.numberValue ?? -1 }

    /// Polls `condition` every 10 ms until it holds or `timeout` seconds pass.
    static func eventually(timeout: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        try Polling.until(timeout: timeout, condition)
    }
}
