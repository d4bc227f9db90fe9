import Foundation
import PulseAnalytics
import PulseHub
import PulseStore
import PulseTesting
import Testing

/// A load client posts continuously while the server is killed with SIGKILL at random moments;
/// after every restart each acknowledged post is present exactly once and the state equals a
/// replay of the posts it holds.
@Suite struct CrashRecoveryTests {
    /// Everything the load client sent, by id, in the order sent.
    final class Ledger: @unchecked Sendable {
        var bodies: [String: String] = [:]
        var posts: [String: Post] = [:]
        var order: [String] = []
        var acknowledged = Set<String>()
        var feed = DemoFeed(seed: 5)

        func nextBatch(cycle: Int, size: Int) -> [String] {
            (0..<size).map { _ in
                var post = feed.next().post
                post.id = "c\(cycle)-\(order.count)"
                let id = post.id!
                var writer = JSONWriter()
                writer.beginObject()
                writer.field("id", id)
                writer.field("text", post.text)
                for (name, value) in post.metrics.sorted(by: { $0.key < $1.key }) { writer.field(name, value) }
                writer.endObject()
                bodies[id] = String(decoding: writer.bytes, as: UTF8.self)
                post.createdAt = nil
                post.platform = nil
                post.author = nil
                posts[id] = post
                order.append(id)
                return id
            }
        }

        func body(_ ids: some Sequence<String>) -> String { "[" + ids.map { bodies[$0]! }.joined(separator: ",") + "]" }
    }

    @Test func acknowledgedPostsSurviveRepeatedSIGKILL() async throws {
        let outcome = await DedicatedThread.run("pulse-test") { Result { try Self.run(cycles: 20) } }
        try outcome.get()
    }

    static func run(cycles: Int) throws {
        let data = NSTemporaryDirectory() + "pulse-crash-\(UUID().uuidString)"
        let ledger = Ledger()
        var random = SplitMix64(seed: 2024)
        for cycle in 0...cycles {
            let server = try ServeProcess(dataDirectory: data)
            try server.waitUntilReady()
            try verify(server, ledger, cycle: cycle)
            guard cycle < cycles else {
                _ = server.stop(signal: SIGTERM)
                break
            }
            let delay = useconds_t(30_000 + random.next() % 200_000)
            let pid = server.process.processIdentifier
            Thread.detachNewThread {
                usleep(delay)
                kill(pid, SIGKILL)
            }
            let client = try TestHTTPClient(port: server.port)
            // Keeps posting (a batch every ~2 ms) until the kill cuts a request off.
            while true {
                let ids = ledger.nextBatch(cycle: cycle, size: 10)
                guard let response = try? client.post("/api/posts", ledger.body(ids)), response.status == 202 else { break }
                ledger.acknowledged.formUnion(ids)
                usleep(2_000)
            }
            _ = server.stop(signal: SIGKILL)
        }
    }

    /// Every acknowledged post is there once; re-sending the others makes the state complete, and
    /// its totals equal a replay of all posts.
    static func verify(_ server: ServeProcess, _ ledger: Ledger, cycle: Int) throws {
        let client = try TestHTTPClient(port: server.port)
        let before = try client.get("/api/state").json?["stats"]?["total"]?.numberValue ?? -1
        let acknowledged = ledger.order.filter { ledger.acknowledged.contains($0) }
        for chunk in stride(from: 0, to: acknowledged.count, by: 5000).map({ acknowledged[$0..<min($0 + 5000, acknowledged.count)] }) {
            let answer = try client.post("/api/posts", ledger.body(chunk)).json
            #expect(answer?["accepted"]?.numberValue == 0, "cycle \(cycle): an acknowledged post was lost")
            #expect(answer?["duplicates"]?.numberValue == Double(chunk.count))
        }
        let unknown = ledger.order.filter { !ledger.acknowledged.contains($0) }
        var added = 0.0
        if !unknown.isEmpty {
            let answer = try client.post("/api/posts", ledger.body(unknown)).json
            added = answer?["accepted"]?.numberValue ?? -1
            ledger.acknowledged.formUnion(unknown)
        }
        #expect(before + added == Double(ledger.order.count), "cycle \(cycle): a post was applied twice or lost")
        var expected = LiveState()
        let scorer = PostScorer(sentiment: LiveServer.sentiment)
        _ = expected.apply(scorer.score(ledger.order.map { ledger.posts[$0]! }), now: 0)
        let state = try client.get("/api/state").json
        #expect(state?["stats"]?["total"]?.numberValue == Double(expected.totalPosts))
        for label in ["positive", "neutral", "negative"] {
            #expect(state?["topics"]?["sentiment"]?["counts"]?[label]?.numberValue == Double(expected.labelCounts[label, default: 0]),
                    "cycle \(cycle): \(label) count differs from a replay")
        }
    }
}
