import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Synchronization
import Testing

/// The graceful shutdown of a real `pulse serve` process: SIGTERM while posters have requests in
/// flight and subscribers are connected. Every post that got a 202 must be in the final snapshot,
/// subscribers get 1001, and the process exits 0 within 5 s.
@Suite struct ShutdownOrderTests {
    /// What the posters saw: ids acknowledged with 202, and answers other than 202.
    final class Tally: Sendable {
        let acknowledged = Mutex<[String]>([])
        let refusals = Mutex<[Int: Int]>([:])
    }

    @Test func sigtermWithRequestsInFlightKeepsEveryAcknowledgedPostAndClosesSubscribersWith1001() async throws {
        let outcome = await DedicatedThread.run("shutdown-test") { () -> Result<Void, Error> in
            Result {
                let server = try ServeProcess(arguments: ["--snapshot-interval", "3600"])
                try server.waitUntilReady()
                let subscribers = try (0..<3).map { _ in try TestWebSocket(port: server.port) }
                for socket in subscribers { try subscribe(socket, topics: ["posts"]) }
                let tally = Tally()
                let posters = (0..<4).map { poster in
                    let thread = Thread { Self.post(as: poster, to: server.port, into: tally) }
                    thread.start()
                    return thread
                }
                // Wait (on the subscribers' events) until posts flow, then stop the server mid-load.
                _ = try receive(subscribers[0], within: 10) { !postIDs($0).isEmpty }
                while tally.acknowledged.withLock({ $0.count }) < 200 { _ = try receive(subscribers[0], within: 10) { _ in true } }
                let signalled = Date()
                let status = server.stop(signal: SIGTERM, timeout: 10)
                let exitSeconds = Date().timeIntervalSince(signalled)
                _ = posters  // the posters end on their own once the server refuses them
                #expect(status == 0, "exit status \(String(describing: status))")
                #expect(exitSeconds < 5, "took \(exitSeconds) s to exit")
                for socket in subscribers {
                    var code: UInt16?
                    while code == nil {
                        guard case .close(let closeCode, _) = try socket.receive(timeout: 10) else { continue }
                        code = closeCode
                    }
                    #expect(code == 1001)
                }
                let shutdownLog = server.remainingLog()
                let steps = ["stop accepting", "requests finished; closing WebSockets with 1001", "final snapshot written"]
                let positions = steps.map { shutdownLog.range(of: $0)?.lowerBound }
                #expect(positions.allSatisfy { $0 != nil }, "\(shutdownLog)")
                #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "steps out of order:\n\(shutdownLog)")
                try Self.expectInFinalSnapshot(tally.acknowledged.withLock { $0 }, dataDirectory: server.dataDirectory)
            }
        }
        try outcome.get()
    }

    /// Posts single posts until the server stops answering 202 (refusal or closed connection).
    static func post(as poster: Int, to port: Int, into tally: Tally) {
        var client = try? TestHTTPClient(port: port)
        for number in 0..<100_000 {
            let id = "p\(poster)-\(number)"
            guard let response = try? client?.post("/api/posts", #"{"id":"\#(id)","text":"shutting down #soon"}"#) else {
                guard let reconnected = try? TestHTTPClient(port: port) else { return }
                client = reconnected
                continue
            }
            if response.status == 202 {
                tally.acknowledged.withLock { $0.append(id) }
            } else {
                tally.refusals.withLock { $0[response.status, default: 0] += 1 }
                return
            }
        }
    }

    /// Restarts on the data directory (JSON logs) and checks that recovery replayed nothing after
    /// the final snapshot and that every acknowledged id is already in the state (a duplicate).
    static func expectInFinalSnapshot(_ acknowledged: [String], dataDirectory: String) throws {
        let restarted = try ServeProcess(arguments: ["--log-format", "json"], dataDirectory: dataDirectory)
        try restarted.waitUntilReady()
        let body = "[" + acknowledged.map { #"{"id":"\#($0)","text":"again"}"# }.joined(separator: ",") + "]"
        let answer = try TestHTTPClient(port: restarted.port).post("/api/posts", body).json
        #expect(answer?["duplicates"]?.numberValue == Double(acknowledged.count))
        #expect(answer?["accepted"]?.numberValue == 0)
        #expect(restarted.stop(signal: SIGTERM) == 0)
        let lines = (restarted.firstLine + "\n" + restarted.remainingLog()).split(separator: "\n")
        let records = lines.compactMap { try? JSONParser.parse(Array($0.utf8)) }
        #expect(records.count == lines.count, "every log line is one JSON object:\n\(lines.joined(separator: "\n"))")
        #expect(records.allSatisfy { $0["time"]?.stringValue != nil && $0["level"]?.stringValue != nil && $0["message"]?.stringValue != nil })
        let recovery = records.first { $0["message"]?.stringValue == "recovered the state" }
        #expect(recovery?["replayed_records"]?.stringValue == "0", "the final snapshot covers everything: \(String(describing: recovery))")
        #expect(recovery?["posts"]?.stringValue == String(acknowledged.count))
    }
}
