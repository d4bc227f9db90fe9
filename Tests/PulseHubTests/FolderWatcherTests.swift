import Foundation
import Synchronization
import Testing
@testable import PulseHub

/// Collects what a watcher hands out, for one test.
final class WatchCollector: Sendable {
    let batches = Mutex<[WatchBatch]>([])
    let notices = Mutex<[WatchNotice]>([])
    let accepting = Mutex(true)

    func onBatch(_ batch: WatchBatch) -> Bool {
        guard accepting.withLock({ $0 }) else { return false }
        batches.withLock { $0.append(batch) }
        return true
    }

    /// Every line handed out so far as (text, number).
    var lines: [(String, Int)] {
        batches.withLock { $0.flatMap { $0.lines.map { (String(decoding: $0.bytes, as: UTF8.self), $0.number) } } }
    }

    var texts: [String] { lines.map(\.0) }

    /// Waits up to 3 s for `condition`; returns whether it became true.
    func wait(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<150 {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return condition()
    }
}

private func append(_ text: String, to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    let bytes = Array(text.utf8)
    #expect(bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == bytes.count)
}

private func inode(_ path: String) -> UInt64 {
    var info = stat()
    stat(path, &info)
    return UInt64(info.st_ino)
}

@Suite struct FolderWatcherTests {
    let folder = NSTemporaryDirectory() + "pulse-watch-test-" + UUID().uuidString

    private func start(_ collector: WatchCollector, positions: [String: WatchPosition] = [:]) throws -> FolderWatcher {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let watcher = try FolderWatcher(directories: [folder + "/"], positions: positions, rescanInterval: 0.2,
                                        onBatch: collector.onBatch, onNotice: { notice in collector.notices.withLock { $0.append(notice) } })
        watcher.start()
        return watcher
    }

    @Test func appendedLinesArriveWithNumbersAndOffsets() async throws {
        let collector = WatchCollector()
        let watcher = try start(collector)
        defer { watcher.stop(); try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/posts.jsonl"
        try append("{\"a\":1}\n{\"a\":2}\n", to: path)
        #expect(await collector.wait { collector.texts.count == 2 })
        try append("\n{\"a\":3}\r\n", to: path)
        try append("ignored.txt is not watched\n", to: folder + "/notes.txt")
        #expect(await collector.wait { collector.texts.count == 3 })
        #expect(collector.lines.map(\.0) == ["{\"a\":1}", "{\"a\":2}", "{\"a\":3}"])
        #expect(collector.lines.map(\.1) == [1, 2, 4])
        let last = try #require(collector.batches.withLock { $0.last })
        #expect(last.path == path)
        #expect(last.inode == inode(path))
        #expect(last.newOffset == 26)
        #expect(last.header == nil)
    }

    @Test func partialLineWaitsForItsNewline() async throws {
        let collector = WatchCollector()
        let watcher = try start(collector)
        defer { watcher.stop(); try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/feed.ndjson"
        try append("first\nsecond-ha", to: path)
        #expect(await collector.wait { collector.texts == ["first"] })
        try await Task.sleep(nanoseconds: 400_000_000)
        #expect(collector.texts == ["first"])
        #expect(collector.batches.withLock { $0.last?.newOffset } == 6)
        try append("lf\n", to: path)
        #expect(await collector.wait { collector.texts == ["first", "second-half"] })
    }

    @Test func truncationRestartsFromZeroAndIsReported() async throws {
        let collector = WatchCollector()
        let watcher = try start(collector)
        defer { watcher.stop(); try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/t.jsonl"
        try append("one\ntwo\nthree\n", to: path)
        #expect(await collector.wait { collector.texts.count == 3 })
        #expect(truncate(path, 0) == 0)
        try append("new\n", to: path)
        #expect(await collector.wait { collector.texts.count == 4 })
        #expect(collector.lines.last! == ("new", 1))
        #expect(collector.batches.withLock { $0.last?.newOffset } == 4)
        #expect(collector.notices.withLock { $0.contains { if case .truncated(path, 14, _) = $0 { true } else { false } } })
    }

    @Test func rotationReadsTheOldFileToItsEndThenTheNewOneFromZero() async throws {
        let collector = WatchCollector()
        let watcher = try start(collector)
        defer { watcher.stop(); try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.jsonl"
        try append("a1\n", to: path)
        #expect(await collector.wait { collector.texts == ["a1"] })
        let oldInode = inode(path)
        try append("a2\n", to: path)
        #expect(rename(path, path + ".1") == 0)
        try append("b1\n", to: path)
        #expect(await collector.wait { collector.texts.count == 3 })
        #expect(collector.texts == ["a1", "a2", "b1"])
        let batches = collector.batches.withLock { $0 }
        #expect(batches.last?.inode == inode(path))
        #expect(batches.last?.inode != oldInode)
        #expect(batches.last?.newOffset == 3)
        #expect(batches.last?.lines == [WatchedLine(bytes: Array("b1".utf8), number: 1)])
    }

    @Test func restartContinuesFromTheRecoveredPosition() async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/r.jsonl"
        try append("l1\nl2\nl3\n", to: path)
        let collector = WatchCollector()
        let watcher = try start(collector, positions: [path: WatchPosition(inode: inode(path), offset: 3)])
        defer { watcher.stop(); try? FileManager.default.removeItem(atPath: folder) }
        #expect(await collector.wait { collector.texts.count == 2 })
        #expect(collector.lines.map(\.0) == ["l2", "l3"])
        #expect(collector.lines.map(\.1) == [2, 3])
        #expect(collector.batches.withLock { $0.last?.position } == WatchPosition(inode: inode(path), offset: 9))
    }

    @Test func restartWithAStaleInodeReadsTheFileFromZero() async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/s.jsonl"
        try append("x1\nx2\n", to: path)
        let collector = WatchCollector()
        let watcher = try start(collector, positions: [path: WatchPosition(inode: inode(path) &+ 1, offset: 3)])
        defer { watcher.stop(); try? FileManager.default.removeItem(atPath: folder) }
        #expect(await collector.wait { collector.texts == ["x1", "x2"] })
        #expect(collector.notices.withLock { $0.contains { if case .rotated(path, _, _) = $0 { true } else { false } } })
    }

    @Test func renameToAnotherWatchedNameKeepsTheOffset() async throws {
        let collector = WatchCollector()
        var watcher = try start(collector)
        let path = folder + "/first.jsonl"
        try append("m1\nm2\n", to: path)
        #expect(await collector.wait { collector.texts == ["m1", "m2"] })
        #expect(rename(path, folder + "/second.jsonl") == 0)
        try append("m3\n", to: folder + "/second.jsonl")
        #expect(await collector.wait { collector.texts.count >= 3 })
        try await Task.sleep(nanoseconds: 300_000_000)  // a rescan must not read it again
        #expect(collector.texts == ["m1", "m2", "m3"])
        #expect(collector.lines.last?.1 == 3)
        // m3 may be reported under either name (read through the old descriptor or the new path);
        // a restart with the position stored under that name continues after m3 either way.
        let last = try #require(collector.batches.withLock { $0.last })
        watcher.stop()
        try append("m4\n", to: folder + "/second.jsonl")
        let second = WatchCollector()
        watcher = try start(second, positions: [last.path: last.position])
        defer { watcher.stop(); try? FileManager.default.removeItem(atPath: folder) }
        #expect(await second.wait { !second.texts.isEmpty })
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(second.lines.map(\.0) == ["m4"])
        #expect(second.lines.map(\.1) == [4])
    }

    @Test func fileShorterThanItsRecoveredOffsetIsReportedAsTruncated() async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/short.jsonl"
        try append("z1\n", to: path)
        let collector = WatchCollector()
        let watcher = try start(collector, positions: [path: WatchPosition(inode: inode(path), offset: 50)])
        defer { watcher.stop(); try? FileManager.default.removeItem(atPath: folder) }
        #expect(await collector.wait { collector.texts == ["z1"] })
        #expect(collector.notices.withLock { $0 } == [.truncated(path: path, previousOffset: 50, size: 3)])
    }

    @Test func csvHeaderIsPassedWithEveryBatchIncludingAfterRestart() async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/posts.csv"
        try append("id,text\n1,hello\n", to: path)
        let collector = WatchCollector()
        var watcher = try start(collector)
        #expect(await collector.wait { collector.texts == ["1,hello"] })
        #expect(collector.batches.withLock { $0.last?.header } == Array("id,text".utf8))
        #expect(collector.lines.first?.1 == 2)
        let position = try #require(collector.batches.withLock { $0.last?.position })
        watcher.stop()

        try append("2,world\n", to: path)
        let second = WatchCollector()
        watcher = try start(second, positions: [path: position])
        defer { watcher.stop(); try? FileManager.default.removeItem(atPath: folder) }
        #expect(await second.wait { second.texts == ["2,world"] })
        #expect(second.batches.withLock { $0.last?.header } == Array("id,text".utf8))
        #expect(second.lines.first?.1 == 3)
    }

    @Test func refusedBatchIsOfferedAgain() async throws {
        let collector = WatchCollector()
        collector.accepting.withLock { $0 = false }
        let watcher = try start(collector)
        defer { watcher.stop(); try? FileManager.default.removeItem(atPath: folder) }
        try append("p1\np2\n", to: folder + "/q.jsonl")
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(collector.texts.isEmpty)
        collector.accepting.withLock { $0 = true }
        #expect(await collector.wait { collector.texts == ["p1", "p2"] })
    }

    @Test func missingFolderIsAnError() {
        #expect(throws: WatchError.self) {
            try FolderWatcher(directories: [folder + "/nope"], onBatch: { _ in true })
        }
    }

    @Test func quarantineWritesOneJSONLinePerRejectedLine() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/bad.jsonl"
        try Quarantine.reject(Array("{\"broken\": \"q\\\"".utf8), number: 7, reason: "invalid JSON: unterminated string", fileAt: path)
        try Quarantine.reject([0x41, 0x09, 0xFF], number: 9, reason: "missing field \"text\"", fileAt: path)
        let text = try String(contentsOfFile: folder + "/.pulse-rejected/bad.jsonl.rejected", encoding: .utf8)
        let records = try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(records.count == 2)
        #expect(records[0]["line"] as? Int == 7)
        #expect(records[0]["raw"] as? String == "{\"broken\": \"q\\\"")
        #expect(records[0]["reason"] as? String == "invalid JSON: unterminated string")
        #expect(records[1]["raw"] as? String == "A\t\u{FFFD}")
        #expect(records[1]["reason"] as? String == "missing field \"text\"")
    }
}
