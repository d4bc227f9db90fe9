import Foundation
import Testing
@testable import PulseStore

@Suite struct SnapshotStoreTests {
    private func snapshotName(_ sequence: UInt64) -> String {
        POSIXFile.name(prefix: "snapshot-", sequence: sequence, suffix: ".bin")
    }

    @Test func writeThenLoadNewest() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SnapshotStore(directory: directory.path)
        #expect(try store.loadNewestValid().snapshot == nil)
        try store.write(Array("old state".utf8), coveringSequence: 5)
        try store.write(Array("new state".utf8), coveringSequence: 0x1F)
        let loaded = try store.loadNewestValid()
        #expect(loaded.snapshot == SnapshotStore.Snapshot(sequence: 0x1F, payload: Array("new state".utf8)))
        #expect(loaded.skipped.isEmpty)
        #expect(try directory.names() == [snapshotName(5), "snapshot-000000000000001f.bin"])
        let bytes = try directory.bytes(snapshotName(0x1F))
        #expect(Array(bytes.prefix(8)) == Array("PULSESNP".utf8))
        #expect(bytes.count == SnapshotStore.headerSize + 9)
    }

    /// Each way of damaging the newest snapshot makes loading fall back to the previous one.
    @Test(arguments: ["payload bit", "header bit", "truncated", "extended", "empty", "wrong name"])
    func corruptNewestFallsBackToPrevious(damage: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SnapshotStore(directory: directory.path)
        try store.write([1, 2, 3, 4], coveringSequence: 10)
        try store.write([5, 6, 7, 8, 9, 10, 11], coveringSequence: 20)
        var bytes = try directory.bytes(snapshotName(20))
        switch damage {
        case "payload bit": bytes[SnapshotStore.headerSize + 3] ^= 1
        case "header bit": bytes[17] ^= 0x80
        case "truncated": bytes.removeLast(2)
        case "extended": bytes.append(0)
        case "empty": bytes = []
        default:
            try directory.write(bytes, to: snapshotName(30))
        }
        if damage != "wrong name" { try directory.write(bytes, to: snapshotName(20)) }
        let loaded = try store.loadNewestValid()
        let expected = damage == "wrong name"
            ? SnapshotStore.Snapshot(sequence: 20, payload: [5, 6, 7, 8, 9, 10, 11])
            : SnapshotStore.Snapshot(sequence: 10, payload: [1, 2, 3, 4])
        #expect(loaded.snapshot == expected)
        #expect(loaded.skipped.count == 1)
        #expect(loaded.skipped.first?.path.hasSuffix(snapshotName(damage == "wrong name" ? 30 : 20)) == true)
    }

    @Test func removeOldKeepsTheNewestTwoAndDropsTemporaryFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SnapshotStore(directory: directory.path)
        for sequence: UInt64 in [3, 9, 1, 7] { try store.write([UInt8(sequence)], coveringSequence: sequence) }
        try directory.write([0], to: snapshotName(11) + ".tmp")
        let removed = try store.removeOld(keeping: 2)
        #expect(Set(removed.map { ($0 as NSString).lastPathComponent })
            == [snapshotName(1), snapshotName(3), snapshotName(11) + ".tmp"])
        #expect(try directory.names() == [snapshotName(7), snapshotName(9)])
    }
}

@Suite struct DurableStorageTests {
    /// Opens the storage in `directory`, recovering into a list of payloads.
    private func recover(_ directory: TemporaryDirectory, options: WALOptions = WALOptions(),
                         onCorruption: WALCorruptionPolicy = .refuse)
        throws -> (DurableStorage, DurableStorage.RecoveryReport, [[UInt8]]) {
        var state: [[UInt8]] = []
        let (storage, report) = try DurableStorage.open(directory: directory.path, options: options, onCorruption: onCorruption,
            applySnapshot: { snapshot in state = Self.decode(snapshot.payload) },
            applyRecord: { _, payload in state.append(Array(payload)) })
        return (storage, report, state)
    }

    /// The test state's encoding: each payload as a length byte + bytes.
    static func encode(_ state: [[UInt8]]) -> [UInt8] { state.flatMap { [UInt8($0.count)] + $0 } }
    static func decode(_ bytes: [UInt8]) -> [[UInt8]] {
        var state: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            let count = Int(bytes[index])
            state.append(Array(bytes[(index + 1)..<(index + 1 + count)]))
            index += 1 + count
        }
        return state
    }

    @Test func checkpointsTrimTheLogAndRecoveryRebuildsTheState() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let options = WALOptions(segmentSize: 400)
        var (storage, report, state) = try recover(directory, options: options)
        #expect(report.snapshotSequence == nil && state.isEmpty)
        var expected: [[UInt8]] = []
        for round in 0..<4 {
            for index in (round * 40)..<((round + 1) * 40) {
                _ = try await storage.wal.append(testPayload(index))
                expected.append(testPayload(index))
            }
            let checkpoint = try storage.checkpoint(Self.encode(expected), coveringSequence: UInt64(expected.count))
            if round >= 1 { #expect(!checkpoint.removedSegments.isEmpty) }
            if round >= 2 { #expect(checkpoint.removedSnapshots.count == 1) }
        }
        for index in 160..<170 {
            _ = try await storage.wal.append(testPayload(index))
            expected.append(testPayload(index))
        }
        storage.wal.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/snapshots").count == 2)
        let oldest = try WALReader(directory: directory.path + "/wal").segments().first!.firstSequence
        #expect(oldest > 1 && oldest <= 121, "segments covered by the older kept snapshot (120) are gone")

        (storage, report, state) = try recover(directory, options: options)
        #expect(report.snapshotSequence == 160)
        #expect(report.replay.records == 10 && report.replay.stop == nil)
        #expect(state == expected)
        storage.wal.close()

        // Corrupt the newest snapshot: recovery uses the one at 120 plus the kept WAL.
        let newest = try storage.snapshots.files().first!.path
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: newest)))
        bytes[bytes.count - 1] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: newest))
        (storage, report, state) = try recover(directory, options: options)
        #expect(report.snapshotSequence == 120)
        #expect(report.skippedSnapshots.count == 1)
        #expect(report.replay.records == 50 && report.replay.stop == nil)
        #expect(state == expected)
        #expect(try await storage.wal.append([1]) == 171)
        storage.wal.close()
    }
}

extension DurableStorageTests {
    @Test func corruptOlderSegmentRefusesOrIsSetAside() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let options = WALOptions(segmentSize: 400)
        var (storage, _, _) = try recover(directory, options: options)
        for index in 0..<60 { _ = try await storage.wal.append(testPayload(index)) }
        storage.wal.close()
        let segments = try WALReader(directory: directory.path + "/wal").segments()
        #expect(segments.count >= 3)
        let damaged = segments[1]
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: damaged.path)))
        let firstRecordEnd = WALFormat.segmentHeaderSize + WALFormat.recordHeaderSize + testPayload(Int(damaged.firstSequence) - 1).count
        bytes[firstRecordEnd + WALFormat.recordHeaderSize] ^= 0x01  // payload of its second record
        try Data(bytes).write(to: URL(fileURLWithPath: damaged.path))

        #expect(throws: StorageError.self) { try recover(directory, options: options) }
        #expect(try WALReader(directory: directory.path + "/wal").segments().count == segments.count, "refuse changes nothing")

        var report: DurableStorage.RecoveryReport
        var state: [[UInt8]]
        (storage, report, state) = try recover(directory, options: options, onCorruption: .setAside)
        let good = Int(damaged.firstSequence)  // records before the damaged one, plus its first record
        #expect(state == (0..<good).map(testPayload))
        #expect(report.setAside.count == segments.count - 1)
        #expect(try await storage.wal.append([99]) == UInt64(good + 1))
        storage.wal.close()

        (storage, report, state) = try recover(directory, options: options)
        #expect(report.replay.stop == nil)
        #expect(state == (0..<good).map(testPayload) + [[99]])
        storage.wal.close()
    }
}
