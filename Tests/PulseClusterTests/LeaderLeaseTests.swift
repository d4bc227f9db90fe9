import Testing
import Foundation
import PulseCluster
import PulseTesting

extension ClusterSuites {
    @Suite struct LeaderLeaseTests {
        let keys = try! ClusterKeys(cluster: "lease")

        @Test func acquireRenewLossAndTakeoverAfterExpiry() throws {
            let server = try RedisServer()
            defer { server.stop() }
            let url = try RedisTest.url(server)
            let a = LeaderLease(connection: try RedisConnection(url: url), keys: keys, node: "node-a", periodMilliseconds: 300)
            let b = LeaderLease(connection: try RedisConnection(url: url), keys: keys, node: "node-b", periodMilliseconds: 300)
            #expect(try a.acquire())
            #expect(a.isLeader)
            #expect(try !b.acquire())
            #expect(!b.isLeader)
            #expect(try b.holder() == "node-a")
            #expect(try !b.renew(), "a node that does not hold the lease cannot renew it")
            #expect(try a.renew())
            try RedisTest.withConnection(server) { redis in
                let ttl = try redis.command("PTTL", keys.leader).integer ?? -1
                #expect(ttl > 0 && ttl <= 300)
            }
            // node-a stops renewing: node-b gets the lease once it expired, and node-a knew it lost it by then.
            let start = Date()
            var aStillBelievedItLed = false
            #expect(try RedisTest.blockingEventually(timeout: 5) {
                let taken = try b.acquire()
                if taken && a.isLeader { aStillBelievedItLed = true }
                return taken
            })
            let takeover = Date().timeIntervalSince(start)
            #expect(!aStillBelievedItLed, "two nodes believed they led at once")
            #expect(takeover < 0.6 + 1.0, "takeover took \(takeover) s for a 300 ms lease")
            #expect(b.isLeader && !a.isLeader)
            #expect(try !a.renew(), "the old leader notices the loss on renewal")
            #expect(try !a.heartbeat())
            #expect(try a.holder() == "node-b")
            #expect(try !a.release(), "a node that lost the lease cannot delete the new leader's key")
            #expect(try b.holder() == "node-b")
            #expect(try b.release())
            #expect(try a.holder() == nil)
            #expect(try a.heartbeat())
            #expect(try a.holder() == "node-a")
        }

        @Test func heartbeatsKeepTheLeaseAgainstAnotherNode() throws {
            let server = try RedisServer()
            defer { server.stop() }
            let url = try RedisTest.url(server)
            let a = LeaderLease(connection: try RedisConnection(url: url), keys: keys, node: "a", periodMilliseconds: 1000)
            let b = LeaderLease(connection: try RedisConnection(url: url), keys: keys, node: "b", periodMilliseconds: 1000)
            #expect(try a.heartbeat())
            for _ in 0..<15 {
                usleep(100_000)
                #expect(try a.heartbeat())
                #expect(try !b.heartbeat())
            }
            #expect(try b.holder() == "a")
        }

        @Test func leaderCutOffFromRedisStopsLeading() throws {
            let server = try RedisServer()
            defer { server.stop() }
            let a = LeaderLease(connection: try RedisConnection(url: try RedisTest.url(server), commandTimeoutMilliseconds: 500),
                                keys: keys, node: "a", periodMilliseconds: 200)
            #expect(try a.acquire())
            server.kill9()
            #expect(throws: RedisError.self) { try a.renew() }
            #expect(RedisTest.blockingEventually(timeout: 2) { !a.isLeader })
        }
    }
}
