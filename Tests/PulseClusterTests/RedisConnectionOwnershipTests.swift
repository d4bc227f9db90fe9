import Testing
import Foundation
import Synchronization
import PulseCluster
import PulseTesting

/// Carries a connection to another thread past the compiler (which rightly refuses: the class is
/// not Sendable), to show that the run-time check catches what unchecked code might do.
private final class UncheckedBox: @unchecked Sendable {
    let connection: RedisConnection
    init(_ connection: RedisConnection) { self.connection = connection }
}

extension ClusterSuites {
    @Suite struct RedisConnectionOwnershipTests {
        #if DEBUG
        /// A connection used from a thread other than its owner's traps (debug builds check it).
        @Test func aConnectionUsedOffItsThreadTraps() async throws {
            let server = try RedisServer()
            defer { server.stop() }
            let port = server.port
            // A precondition failure traps with SIGILL; a thrown error would exit with status 1 instead.
            await #expect(processExitsWith: .signal(SIGILL)) { [port = port as Int] in
                let connection = try RedisConnection(url: RedisURL(host: "127.0.0.1", port: port))
                try connection.command("PING")
                let box = UncheckedBox(connection)
                let other = Thread { _ = try? box.connection.command("PING") }
                other.start()
                sleep(10)
            }
            // The same use after bind() on the new thread is fine.
            let handedOver = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<RedisReply, Error>) in
                let url = RedisURL(host: "127.0.0.1", port: port)
                Thread {
                    continuation.resume(with: Result {
                        let connection = try RedisConnection(url: url)
                        let result = Mutex<RedisReply?>(nil)
                        let box = UncheckedBox(connection)
                        let other = Thread {
                            box.connection.bind()
                            let reply = try? box.connection.command("PING")
                            result.withLock { $0 = reply ?? .null }
                        }
                        other.start()
                        while result.withLock({ $0 }) == nil { usleep(1_000) }
                        return result.withLock { $0! }
                    })
                }.start()
            }
            #expect(handedOver == .status("PONG"))
        }
        #endif
    }
}
