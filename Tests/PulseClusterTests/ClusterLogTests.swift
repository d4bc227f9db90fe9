import Testing
import Foundation
import PulseCluster
import PulseTesting

extension ClusterSuites {
    @Suite struct ClusterLogTests {
        @Test func appendReturnsIncreasingIDsAndTheReaderSeesTheEntriesInOrder() async throws {
            let server = try RedisServer()
            defer { server.stop() }
            let log = ClusterLog(options: try RedisTest.options(server))
            defer { log.close() }
            let first = try await log.append([RedisTest.bytes("a"), [0, 255, 0], []])
            let second = try await log.append([RedisTest.bytes("d")])
            let ids = first + second
            #expect(ids.count == 4)
            #expect(ids == ids.sorted() && Set(ids).count == 4)
            #expect(try await log.append([]) == [])

            let reader = log.reader(after: .zero)
            defer { reader.stop() }
            var seen: [ClusterLogEntry] = []
            for await batch in reader {
                seen += batch
                if seen.count >= 4 { break }
            }
            #expect(seen.map(\.id) == ids)
            #expect(seen.map(\.bytes) == [RedisTest.bytes("a"), [0, 255, 0], [], RedisTest.bytes("d")])
            #expect(reader.lastID == ids[3])

            let fromSecond = log.reader(after: ids[1])
            defer { fromSecond.stop() }
            var iterator = fromSecond.makeAsyncIterator()
            #expect(await iterator.next()?.map(\.id) == Array(ids[2...]))
            #expect(try RedisTest.allEntries(server, key: log.options.keys.log).map(\.id) == ids)
        }

        @Test func fiftyConcurrentAppendsShareRoundTripsAndGetDistinctIncreasingIDs() async throws {
            let server = try RedisServer()
            defer { server.stop() }
            let log = ClusterLog(options: try RedisTest.options(server))
            defer { log.close() }
            _ = try await log.append([RedisTest.bytes("warm-up")])
            let before = log.statistics.roundTrips
            // Redis paused: the writer's first batch waits for its reply while the other appends queue up.
            kill(server.process.processIdentifier, SIGSTOP)
            let results = Task {
                try await withThrowingTaskGroup(of: (Int, StreamID).self) { group in
                    for index in 0..<50 {
                        group.addTask { (index, try await log.append([RedisTest.bytes("post-\(index)")])[0]) }
                    }
                    var ids: [Int: StreamID] = [:]
                    for try await (index, id) in group { ids[index] = id }
                    return ids
                }
            }
            let queued = await RedisTest.eventually { log.statistics.submittedJobs == 51 }
            kill(server.process.processIdentifier, SIGCONT)
            let ids = try await results.value
            #expect(queued)
            #expect(ids.count == 50 && Set(ids.values).count == 50)
            let roundTrips = log.statistics.roundTrips - before
            #expect(roundTrips <= 2, "50 appends took \(roundTrips) round trips")
            #expect(log.statistics.appendedEntries == 51)
            // The stream order is the ID order, and each entry has the bytes its caller appended.
            let stream = try RedisTest.allEntries(server, key: log.options.keys.log).dropFirst()
            #expect(stream.map(\.id) == ids.values.sorted())
            for entry in stream {
                let index = ids.first { $0.value == entry.id }?.key
                #expect(entry.bytes == RedisTest.bytes("post-\(index ?? -1)"))
            }
        }

        @Test func aBlockedReaderWakesOnAppend() async throws {
            let server = try RedisServer()
            defer { server.stop() }
            var options = try RedisTest.options(server)
            options.readBlockMilliseconds = 5_000  // the wake-up must come from the XADD, not from a timeout
            let log = ClusterLog(options: options)
            defer { log.close() }
            let reader = log.reader(after: .zero)
            defer { reader.stop() }
            let waiting = Task { () -> ([ClusterLogEntry]?, Date) in
                var iterator = reader.makeAsyncIterator()
                let batch = await iterator.next()
                return (batch, Date())
            }
            #expect(await RedisTest.eventually { (try? RedisTest.withConnection(server) { try $0.command("CLIENT", "LIST").text }).map { $0.contains("cmd=xread") } ?? false })
            let appended = Date()
            let id = try await log.append([RedisTest.bytes("wake")])[0]
            let (batch, woke) = await waiting.value
            #expect(batch == [ClusterLogEntry(id: id, bytes: RedisTest.bytes("wake"))])
            #expect(woke.timeIntervalSince(appended) < 2.5, "reader woke \(woke.timeIntervalSince(appended)) s after the append")
        }

        @Test func trimRemovesOnlyEntriesBelowMinID() async throws {
            let server = try RedisServer()
            defer { server.stop() }
            let log = ClusterLog(options: try RedisTest.options(server))
            defer { log.close() }
            let ids = try await log.append((0..<10).map { RedisTest.bytes("e\($0)") })
            #expect(try await log.trim(minID: ids[4]) == 4)
            #expect(try RedisTest.allEntries(server, key: log.options.keys.log).map(\.id) == Array(ids[4...]))
            #expect(try await log.trim(minID: ids[4]) == 0)
            #expect(try await log.trim(minID: .zero) == 0)
        }

        @Test func aServerErrorIsRejectedNotUnavailable() async throws {
            let server = try RedisServer()
            defer { server.stop() }
            let options = try RedisTest.options(server)
            _ = try RedisTest.withConnection(server) { try $0.command("SET", options.keys.log, "not a stream") }
            let log = ClusterLog(options: options)
            defer { log.close() }
            await #expect {
                _ = try await log.append([RedisTest.bytes("x")])
            } throws: { error in
                guard case .rejected(let text) = error as? ClusterLogError else { return false }
                return text.contains("WRONGTYPE")
            }
        }

        @Test func waitReplicasWithAReplicaAcknowledgesOnceItHasTheEntries() async throws {
            // No 5 s wait for more replicas before the first (diskless) full sync.
            let primary = try RedisServer(arguments: ["--repl-diskless-sync-delay", "0"])
            defer { primary.stop() }
            let replica = try RedisServer(arguments: ["--replicaof", "127.0.0.1", String(primary.port)])
            defer { replica.stop() }
            let linked = await RedisTest.eventually(timeout: 20) {
                let info = try? RedisTest.withConnection(replica) { try $0.command("INFO", "replication").text }
                return info?.contains("master_link_status:up") ?? false
            }
            #expect(linked, "the replica did not connect to its primary")
            var options = try RedisTest.options(primary)
            options.waitReplicas = 1
            options.waitTimeoutMilliseconds = 5_000
            let log = ClusterLog(options: options)
            defer { log.close() }
            let ids = try await log.append([RedisTest.bytes("replicated"), [0, 1]])
            #expect(try RedisTest.allEntries(replica, key: options.keys.log).map(\.id) == ids)
        }

        @Test func waitReplicasWithoutReplicasIsNotAcknowledged() async throws {
            let server = try RedisServer()
            defer { server.stop() }
            var options = try RedisTest.options(server)
            options.waitReplicas = 1
            options.waitTimeoutMilliseconds = 100
            let log = ClusterLog(options: options)
            defer { log.close() }
            await #expect(throws: ClusterLogError.notReplicated(acknowledged: 0, required: 1)) {
                _ = try await log.append([RedisTest.bytes("x")])
            }
            options.waitReplicas = 0
            let unreplicated = ClusterLog(options: options)
            defer { unreplicated.close() }
            #expect(try await unreplicated.append([RedisTest.bytes("y")]).count == 1)
        }
    }
}
