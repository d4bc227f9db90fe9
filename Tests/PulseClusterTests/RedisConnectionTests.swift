import Testing
import Foundation
import PulseCluster
import PulseTesting

extension ClusterSuites {
    @Suite struct RedisConnectionTests {
        @Test func binarySafeCommandsAndReplyKinds() throws {
            let server = try RedisServer()
            defer { server.stop() }
            try RedisTest.withConnection(server) { redis in
                let binary: [UInt8] = [0, 1, 2, 255, 13, 10, 0, 36, 42]
                #expect(try redis.command("SET", "k", binary) == .status("OK"))
                #expect(try redis.command("GET", "k") == .bulk(binary))
                #expect(try redis.command("SET", "empty", "") == .status("OK"))
                #expect(try redis.command("GET", "empty") == .bulk([]))
                #expect(try redis.command("GET", "missing") == .null)
                #expect(try redis.command("INCRBY", "n", 41) == .integer(41))
                #expect(try redis.command("RPUSH", "l", "a", "b") == .integer(2))
                #expect(try redis.command("LRANGE", "l", 0, -1) == .array([.bulk(Array("a".utf8)), .bulk(Array("b".utf8))]))
                guard case .error(let text) = try redis.command("INCR", "k") else {
                    Issue.record("INCR on a binary value must be an error reply")
                    return
                }
                #expect(text.contains("not an integer"))
            }
        }

        @Test func pipelineSendsAllThenReadsInOrder() throws {
            let server = try RedisServer()
            defer { server.stop() }
            try RedisTest.withConnection(server) { redis in
                let commands = (0..<100).map { ["RPUSH", "p", String($0)].map(\.redisBytes) }
                let replies = try redis.pipeline(commands)
                #expect(replies == (1...100).map { .integer(Int64($0)) })
                #expect(redis.pendingReplies == 0)
                try redis.append(["PING"].map(\.redisBytes))
                try redis.append(["ECHO", "x"].map(\.redisBytes))
                #expect(redis.pendingReplies == 2)
                #expect(try redis.readReply() == .status("PONG"))
                #expect(try redis.readReply() == .bulk(Array("x".utf8)))
            }
        }

        @Test func selectsTheDatabaseOfTheURL() throws {
            let server = try RedisServer()
            defer { server.stop() }
            let inThree = try RedisConnection(url: try RedisURL(parsing: server.url + "/3"))
            try inThree.command("SET", "where", "three")
            try RedisTest.withConnection(server) { inZero in
                #expect(try inZero.command("GET", "where") == .null)
                try inZero.command("SELECT", 3)
                #expect(try inZero.command("GET", "where").text == "three")
            }
            #expect {
                try RedisConnection(url: try RedisURL(parsing: server.url + "/999"))
            } throws: { error in
                guard case .server(let text) = error as? RedisError else { return false }
                return text.contains("SELECT 999")
            }
        }

        @Test func typedErrorsForUnreachableTimeoutAndLostConnection() throws {
            let server = try RedisServer()
            let port = server.port
            let redis = try RedisConnection(url: try RedisTest.url(server), commandTimeoutMilliseconds: 300)
            // BLPOP on an empty list blocks longer than the command timeout.
            #expect {
                try redis.command("BLPOP", "nothing", 5)
            } throws: { error in
                guard case .timedOut = error as? RedisError else { return false }
                return true
            }
            // After a failure the connection stays broken.
            #expect(throws: RedisError.self) { try redis.command("PING") }
            let second = try RedisConnection(url: try RedisTest.url(server))
            server.kill9()
            #expect {
                try second.command("PING")
            } throws: { error in
                guard case .unreachable = error as? RedisError else { return false }
                return true
            }
            server.stop()
            #expect {
                try RedisConnection(url: RedisURL(host: "127.0.0.1", port: port))
            } throws: { error in
                guard case .unreachable(let text) = error as? RedisError else { return false }
                return text.contains("127.0.0.1:\(port)")
            }
        }
    }
}
