import Testing
import PulseCluster

extension ClusterSuites {
    @Suite struct RedisURLTests {
        @Test func parsesHostPortAndDatabase() throws {
            #expect(try RedisURL(parsing: "redis://127.0.0.1:6380/2") == RedisURL(host: "127.0.0.1", port: 6380, database: 2))
            #expect(try RedisURL(parsing: "redis://cache.internal:7000") == RedisURL(host: "cache.internal", port: 7000, database: 0))
            #expect(try RedisURL(parsing: "REDIS://localhost") == RedisURL(host: "localhost", port: 6379, database: 0))
            #expect(try RedisURL(parsing: "redis://[::1]:6390/1") == RedisURL(host: "::1", port: 6390, database: 1))
            #expect(try RedisURL(parsing: "redis://h:1/") == RedisURL(host: "h", port: 1, database: 0))
            #expect(RedisURL(host: "::1", port: 6390, database: 1).description == "redis://[::1]:6390/1")
        }

        @Test(arguments: [
            ("localhost:6379", "scheme"),
            ("http://localhost:6379", "scheme"),
            ("rediss://localhost:6379", "scheme"),
            ("redis://", "host"),
            ("redis://:6379", "host"),
            ("redis://bad host:6379", "host"),
            ("redis://[::1:6379", "host"),
            ("redis://h:0", "port"),
            ("redis://h:65536", "port"),
            ("redis://h:port", "port"),
            ("redis://h:", "port"),
            ("redis://[::1]x", "port"),
            ("redis://h:6379/-1", "database"),
            ("redis://h:6379/zero", "database"),
            ("redis://h:6379/1/2", "database"),
            ("redis://user:secret@h:6379", "credentials"),
            ("redis://h:6379?db=1", "query"),
        ])
        func rejectsWithThePartNamed(text: String, part: String) {
            #expect {
                try RedisURL(parsing: text)
            } throws: { error in
                guard let error = error as? RedisURL.ParseError else { return false }
                return error.part == part && error.description.hasPrefix("cluster.redis: bad \(part): ") && !error.reason.isEmpty
            }
        }

        @Test func clusterNamesAreChecked() throws {
            #expect(try ClusterKeys(cluster: "eu-1").log == "pulse:{eu-1}:log")
            #expect(try ClusterKeys(cluster: "eu-1").leader == "pulse:{eu-1}:leader")
            for bad in ["", "a b", "x{y}", String(repeating: "a", count: 65)] {
                #expect(throws: ClusterKeys.InvalidName.self) { try ClusterKeys(cluster: bad) }
            }
        }

        @Test func streamIDsParseAndOrder() {
            #expect(StreamID("1700000000000-3") == StreamID(milliseconds: 1_700_000_000_000, sequence: 3))
            #expect(StreamID("5-0")! < StreamID("5-1")!)
            #expect(StreamID("5-9")! < StreamID("6-0")!)
            for bad in ["", "5", "5-", "-1", "a-b", "1-2-3"] { #expect(StreamID(bad) == nil) }
            #expect(StreamID.zero.description == "0-0")
        }
    }
}
