import Testing
import Foundation
import Synchronization
import PulseCluster
import PulseTesting

/// What a load task saw: the entries Redis acknowledged and the appends that failed.
private final class LoadRecord: Sendable {
    private let state = Mutex((acknowledged: [ClusterLogEntry](), failures: 0, other: [String]()))
    func acknowledged(_ entry: ClusterLogEntry) { state.withLock { $0.acknowledged.append(entry) } }
    func failed() { state.withLock { $0.failures += 1 } }
    func unexpected(_ error: Error) { state.withLock { $0.other.append("\(error)") } }
    var acknowledgedEntries: [ClusterLogEntry] { state.withLock { $0.acknowledged } }
    var failures: Int { state.withLock { $0.failures } }
    var unexpectedErrors: [String] { state.withLock { $0.other } }
}

extension ClusterSuites {
    @Suite struct ClusterLogFaultTests {
        @Test func redisKilledAppendsFailPromptlyReaderSurvivesAndNothingAcknowledgedIsLost() async throws {
            let server = try RedisServer()
            defer { server.stop() }
            let log = ClusterLog(options: try RedisTest.options(server))
            defer { log.close() }
            let reader = log.reader(after: .zero)
            defer { reader.stop() }
            let marker = RedisTest.bytes("marker")
            let collected = Task {
                var all: [ClusterLogEntry] = []
                for await batch in reader {
                    all += batch
                    if batch.contains(where: { $0.bytes == marker }) { break }
                }
                return all
            }
            let record = LoadRecord()
            // Four appenders, five entries per append, as concurrent ingest requests would be.
            let loading = Task {
                await withTaskGroup(of: Void.self) { group in
                    for appender in 0..<4 {
                        group.addTask {
                            var index = 0
                            while !Task.isCancelled {
                                let batch = (0..<5).map { RedisTest.bytes("load-\(appender)-\(index)-\($0)") }
                                index += 1
                                do {
                                    let ids = try await log.append(batch)
                                    for (id, bytes) in zip(ids, batch) { record.acknowledged(ClusterLogEntry(id: id, bytes: bytes)) }
                                } catch ClusterLogError.logUnavailable {
                                    record.failed()
                                } catch {
                                    record.unexpected(error)
                                }
                                try? await Task.sleep(for: .milliseconds(1))
                            }
                        }
                    }
                }
            }
            #expect(await RedisTest.eventually(timeout: 30) { record.acknowledgedEntries.count >= 100 })

            server.kill9()
            let probeStart = Date()
            await #expect {
                _ = try await log.append([RedisTest.bytes("probe")])
            } throws: { error in
                guard case .logUnavailable(let reason) = error as? ClusterLogError else { return false }
                return !reason.isEmpty
            }
            #expect(Date().timeIntervalSince(probeStart) < 3, "logUnavailable took \(Date().timeIntervalSince(probeStart)) s")
            #expect(await RedisTest.eventually { if case .unavailable = reader.state { true } else { false } })
            let failuresWhileDown = record.failures
            #expect(await RedisTest.eventually { record.failures >= failuresWhileDown + 5 })

            try server.restart()
            let acknowledgedBeforeRestart = record.acknowledgedEntries.count
            #expect(await RedisTest.eventually(timeout: 30) { record.acknowledgedEntries.count >= acknowledgedBeforeRestart + 100 },
                    "appends did not resume after the restart")
            loading.cancel()
            await loading.value
            let markerID = try await log.append([marker])[0]
            let seen = await collected.value

            #expect(record.unexpectedErrors.isEmpty, "\(record.unexpectedErrors)")
            #expect(reader.state == .reading)
            let acknowledged = record.acknowledgedEntries + [ClusterLogEntry(id: markerID, bytes: marker)]
            // With appendfsync always, every entry that got an ID survived the SIGKILL.
            let stream = try RedisTest.allEntries(server, key: log.options.keys.log)
            let streamByID = Dictionary(stream.map { ($0.id, $0.bytes) }, uniquingKeysWith: { first, _ in first })
            let lost = acknowledged.filter { streamByID[$0.id] != $0.bytes }
            #expect(lost.isEmpty, "\(lost.count) acknowledged entries missing after the restart")
            // The reader resumed after its last ID: every entry once, in stream order, the acknowledged among them.
            #expect(seen.map(\.id) == stream.map(\.id))
            #expect(Set(seen.map(\.id)).isSuperset(of: acknowledged.map(\.id)))
            #expect(log.statistics.failedAppends >= record.failures)
            // A failed append may still have reached the stream (its XADD ran, the reply was lost):
            // such entries are the only ones not acknowledged, at most one append's worth per failure.
            let acknowledgedIDs = Set(acknowledged.map(\.id))
            let unacknowledged = stream.filter { !acknowledgedIDs.contains($0.id) }
            #expect(unacknowledged.allSatisfy { String(decoding: $0.bytes, as: UTF8.self).hasPrefix("load-") })
            #expect(unacknowledged.count <= 5 * record.failures)
        }
    }
}
