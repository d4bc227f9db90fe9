import Foundation
import PulseHub
import PulseTesting
import Testing

/// A size-limited tmpfs that the test mounts (root only) and unmounts again.
struct SmallFileSystem {
    let path: String

    /// Whether this process may mount one (root, and `mount -t tmpfs` allowed here).
    static let available: Bool = {
        guard getuid() == 0, let probe = try? SmallFileSystem(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    init(megabytes: Int) throws {
        path = NSTemporaryDirectory() + "pulse-small-fs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path]) == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw TestSocket.Failure(description: "cannot mount a tmpfs at \(path)")
        }
    }

    /// Writes a filler file until the file system is full (ENOSPC); returns its path.
    func fill() -> String {
        let filler = path + "/filler"
        let descriptor = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0x55, count: 4096)
        while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
        var oneByte: UInt8 = 1
        while write(descriptor, &oneByte, 1) == 1 {}
        return filler
    }

    func unmount() {
        _ = Self.run("/bin/umount", ["-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// The WAL's disk fills up under a running server: 503 `storage_unavailable` and nothing
/// acknowledged, subscribers still served, ingest back once space returns, and every
/// acknowledged post still there after a restart. Needs root (it mounts a 4 MiB tmpfs).
@Suite(.serialized, .enabled(if: SmallFileSystem.available, "mounting a tmpfs needs root"))
struct DiskFullTests {
    @Test func fullDiskGives503ThenIngestRecovers() async throws {
        let disk = try SmallFileSystem(megabytes: 4)
        defer { disk.unmount() }
        let dataDirectory = disk.path + "/data"
        let configure: (inout PulseConfiguration) throws -> Void = {
            try $0.set("store.dataDir", .string(dataDirectory), source: "test")
        }
        let acknowledged = try await LiveServer.with(configure) { server -> [String] in
            let watcher = try server.webSocket()
            try subscribe(watcher, topics: ["posts"])
            let client = try server.http()
            var acknowledged: [String] = []
            for index in 0..<5 {
                let response = try client.post("/api/posts", #"{"id":"before-\#(index)","text":"before the disk fills #disk"}"#)
                #expect(response.status == 202)
                acknowledged.append("before-\(index)")
            }
            let filler = disk.fill()

            // Posts until the first refusal (a write may still fit in a page the segment already has).
            var refused = 0, index = 0
            while refused == 0, index < 500 {
                let id = "full-\(index)"
                let response = try client.post("/api/posts", #"{"id":"\#(id)","text":"while the disk is full \#(index)"}"#)
                if response.status == 202 { acknowledged.append(id) } else {
                    #expect(response.status == 503, "\(response.text)")
                    #expect(response.json?["error"]?.stringValue == "storage_unavailable", "\(response.text)")
                    refused += 1
                }
                index += 1
            }
            #expect(refused == 1, "the disk never filled up")
            // Under load while full (several clients, across retry paces): every post refused.
            let started = Date()
            var statuses: [Int] = []
            while Date().timeIntervalSince(started) < 1.2 {
                let batch = try client.post("/api/posts", #"[{"id":"full-batch-\#(statuses.count)","text":"a"},{"text":"b"}]"#)
                statuses.append(batch.status)
                #expect(batch.json?["error"]?.stringValue == "storage_unavailable", "\(batch.text)")
            }
            #expect(statuses.count > 5 && statuses.allSatisfy { $0 == 503 }, "\(statuses)")

            // Subscribers are still served: a new one gets its snapshot, reads still answer.
            let newcomer = try server.webSocket()
            try subscribe(newcomer, topics: ["posts", "sentiment"])
            #expect(try server.http().get("/api/state").status == 200)

            // Space returns: within the retry pace ingest works again and the watcher sees it.
            try FileManager.default.removeItem(atPath: filler)
            var recovered = false
            for attempt in 0..<40 where !recovered {
                let response = try client.post("/api/posts", #"{"id":"after-\#(attempt)","text":"space is back #disk"}"#)
                if response.status == 202 { recovered = true; acknowledged.append("after-\(attempt)") } else {
                    #expect(response.status == 503)
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
            #expect(recovered, "ingest did not come back once space returned")
            let delta = try receive(watcher, within: 5) { postIDs($0).contains { $0.hasPrefix("after-") } }
            #expect(!postIDs(delta).isEmpty)
            return acknowledged
        }

        // Every acknowledged post survived: sent again after a restart, each one is a duplicate.
        try await LiveServer.with(configure) { server in
            let body = "[" + acknowledged.map { #"{"id":"\#($0)","text":"again"}"# }.joined(separator: ",") + "]"
            let again = try server.http().post("/api/posts", body)
            #expect(again.status == 202, "\(again.text)")
            #expect(again.json?["duplicates"]?.numberValue == Double(acknowledged.count), "\(again.text)")
            #expect(again.json?["accepted"]?.numberValue == 0)
        }
    }
}
