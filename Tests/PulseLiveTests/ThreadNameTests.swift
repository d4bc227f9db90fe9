import Foundation
import PulseTesting
import Testing

/// The names the kernel shows for the server's threads (`top -H`, `/proc/PID/task/TID/comm`):
/// every thread names itself, so they are not the creator's name nor Dispatch's.
@Suite struct ThreadNameTests {
    /// This process's threads as the kernel names them, by thread id.
    static func kernelThreadNames() -> [Int: String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        var names: [Int: String] = [:]
        for task in tasks {
            guard let tid = Int(task),
                  let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8) else { continue }
            names[tid] = comm.trimmingCharacters(in: .newlines)
        }
        return names
    }

    @Test func serviceThreadsAcceptorAndWALWriterCarryTheirOwnNamesInTheKernel() async throws {
        // Threads that exist before the server starts (other tests may run servers in parallel)
        // do not count: only those that appear with this one. Servers of other tests that start
        // meanwhile may add threads of any number, so only presence is checked.
        let before = Set(Self.kernelThreadNames().keys)
        try await LiveServer.with({ configuration in
            try configuration.set("server.threads", .number(2), source: "test")
        }) { (server: LiveServer) throws in
            #expect(try server.http().get("/healthz").status == 200)
            var appeared: [String] = []
            let found = Polling.until(timeout: 5) {
                appeared = Self.kernelThreadNames().filter { !before.contains($0.key) }.map(\.value)
                return ["pulse-svc-0", "pulse-svc-1", "pulse-accept", "pulse-wal"].allSatisfy(appeared.contains)
            }
            #expect(found, "threads that appeared with the server: \(appeared.sorted())")
            #expect(!appeared.contains { $0.hasPrefix("lws-") }, "no thread keeps the Foundation-only name")
        }
    }
}
