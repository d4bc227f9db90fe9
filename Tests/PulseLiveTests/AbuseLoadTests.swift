import Dispatch
import Foundation
import PulseHub
import PulseTesting
import Synchronization
import Testing

/// Load with abuse: while well-behaved clients ingest and subscribe, abusive clients flood
/// messages, send oversized frames, garbage bytes and half-open requests. The abusers are cut
/// off; every acknowledged post of the good clients is stored and delivered.
@Suite struct AbuseLoadTests {
    @Test func abusersAreCutAndGoodClientsLoseNothing() async throws {
        let outcome = try await LiveServer.with({ configuration in
            try configuration.set("server.idleTimeoutSeconds", text: "3", source: "test")
            try configuration.set("server.maxClientMessageBytes", text: "4096", source: "test")
            try configuration.set("push.outboxLimitBytes", text: "67108864", source: "test")
        }) { server -> (acknowledged: Set<String>, delivered: Set<String>, total: Double, cuts: [String: Int], failures: [String]) in
            let acknowledged = Mutex<Set<String>>([])
            let delivered = Mutex<Set<String>>([])
            let cuts = Mutex<[String: Int]>([:])
            let failures = Mutex<[String]>([])
            let ingestDone = Atomic<Int>(0)
            let group = DispatchGroup()
            @Sendable func spawn(_ work: @escaping @Sendable () throws -> Void) {
                group.enter()
                let thread = Thread {
                    do { try work() } catch { failures.withLock { $0.append("\(error)") } }
                    group.leave()
                }
                thread.start()
            }
            @Sendable func cut(_ kind: String) { cuts.withLock { $0[kind, default: 0] += 1 } }

            // Good subscribers: every post id they are sent.
            let subscribers = 2
            let ready = DispatchSemaphore(value: 0)
            for _ in 0..<subscribers {
                spawn {
                    let socket = try server.webSocket()
                    try socket.subscribe(topics: ["posts"])
                    ready.signal()
                    var quietSince: Date?
                    while true {
                        guard let message = try? socket.receiveJSON(timeout: 0.5) else {
                            if ingestDone.load(ordering: .acquiring) == 4 {
                                if quietSince == nil { quietSince = Date() }
                                if Date().timeIntervalSince(quietSince!) > 1.5 { return }
                            }
                            continue
                        }
                        quietSince = nil
                        let ids = postIDs(message)
                        delivered.withLock { $0.formUnion(ids) }
                    }
                }
            }
            for _ in 0..<subscribers { ready.wait() }

            // Good ingest clients: 4 × 40 batches of 10 posts with unique ids.
            for client in 0..<4 {
                spawn {
                    let http = try server.http()
                    for batch in 0..<40 {
                        let ids = (0..<10).map { "good-\(client)-\(batch)-\($0)" }
                        let body = "[" + ids.map { #"{"id":"\#($0)","text":"steady #load post \#($0)"}"# }.joined(separator: ",") + "]"
                        let response = try http.post("/api/posts", body)
                        if response.status == 202 { acknowledged.withLock { $0.formUnion(ids) } }
                    }
                    ingestDone.add(1, ordering: .releasing)
                }
            }

            // Abusers.
            for _ in 0..<4 {  // message floods: closed with 4029
                spawn {
                    let socket = try server.webSocket()
                    for _ in 0..<200 { try? socket.send(#"{"op":"subscribe","topics":["alerts"]}"#) }
                    while let event = try? socket.receive(timeout: 5) {
                        if case .close(let code, _) = event { if code == 4029 { cut("flood") }; return }
                    }
                }
            }
            for _ in 0..<4 {  // oversized frames: closed with 1009
                spawn {
                    let socket = try server.webSocket()
                    try? socket.send(String(repeating: "x", count: 100_000))
                    while let event = try? socket.receive(timeout: 5) {
                        if case .close(let code, _) = event { if code == 1009 { cut("oversized") }; return }
                    }
                }
            }
            for index in 0..<8 {  // garbage bytes: answered with an error or dropped
                spawn {
                    let socket = try TestSocket(port: server.port)
                    var generator = SystemRandomNumberGenerator()
                    let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    try? socket.write(index % 2 == 0 ? garbage : Array("POST /api/posts HTTP/1.1\r\n".utf8) + garbage)
                    if socket.waitForClose(timeout: 8) { cut("garbage") }
                }
            }
            for _ in 0..<8 {  // half-open: headers never finished
                spawn {
                    let socket = try TestSocket(port: server.port)
                    try socket.write("POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
                    if socket.waitForClose(timeout: 10) { cut("half-open") }
                }
            }
            group.wait()
            let total = try totalPosts(server)
            return (acknowledged.withLock { $0 }, delivered.withLock { $0 }, total, cuts.withLock { $0 }, failures.withLock { $0 })
        }
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        #expect(outcome.acknowledged.count == 1600)
        #expect(outcome.total == Double(outcome.acknowledged.count))
        #expect(outcome.acknowledged.isSubset(of: outcome.delivered), "missing \(outcome.acknowledged.subtracting(outcome.delivered).count)")
        #expect(outcome.cuts["flood"] == 4)
        #expect(outcome.cuts["oversized"] == 4)
        #expect(outcome.cuts["garbage"] == 8)
        #expect(outcome.cuts["half-open"] == 8)
    }
}
