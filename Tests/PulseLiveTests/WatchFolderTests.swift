import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

/// Files appended in a watched folder are ingested within a second, exactly once across a
/// SIGKILL and restart; bad lines are quarantined and do not stop the file.
@Suite struct WatchFolderTests {
    static func total(_ server: ServeProcess) -> Double {
        (try? TestHTTPClient(port: server.port).get("/api/state").json?["stats"]?["total"]?.numberValue) ?? -1
    }

    static func waitForTotal(_ server: ServeProcess, _ expected: Double, within seconds: Double = 3) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if total(server) == expected { return true }
            usleep(20_000)
        }
        return false
    }

    static func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func watchedFilesAreIngestedOnceAcrossACrash() async throws {
        let outcome = await DedicatedThread.run("pulse-test") { Result { try Self.run() } }
        try outcome.get()
    }

    static func run() throws {
        let folder = NSTemporaryDirectory() + "pulse-watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = NSTemporaryDirectory() + "pulse-watch-data-\(UUID().uuidString)"
        let file = folder + "/feed.jsonl"
        try Data("{\"id\":\"w1\",\"text\":\"one #watch\"}\n{\"id\":\"w2\",\"text\":\"two\"}\n{\"id\":\"w3\",\"text\":\"thr".utf8)
            .write(to: URL(fileURLWithPath: file))
        var server = try ServeProcess(arguments: ["--watch", folder], dataDirectory: data)
        try server.waitUntilReady()
        #expect(waitForTotal(server, 2), "complete lines ingested, the partial one waits")
        let started = Date()
        try append("ee\"}\nnot json at all\n{\"id\":\"w4\",\"text\":\"four\"}\n", to: file)
        #expect(waitForTotal(server, 4))
        #expect(Date().timeIntervalSince(started) < 1.5)
        let rejected = try String(contentsOfFile: Quarantine.rejectedPath(for: file), encoding: .utf8)
        #expect(rejected.contains("not json at all"))
        #expect(rejected.contains("\"line\":4"))
        try Data("text,followers,likes\n\"hello, csv\",10,2\n".utf8).write(to: URL(fileURLWithPath: folder + "/feed.csv"))
        #expect(waitForTotal(server, 5))
        _ = server.stop(signal: SIGKILL)

        server = try ServeProcess(arguments: ["--watch", folder], dataDirectory: data)
        try server.waitUntilReady()
        Thread.sleep(forTimeInterval: 0.5)
        #expect(total(server) == 5, "nothing repeated after the restart")
        try append("{\"id\":\"w5\",\"text\":\"five\"}\n", to: file)
        #expect(waitForTotal(server, 6))
        #expect(server.stop(signal: SIGTERM) == 0)
    }
}
