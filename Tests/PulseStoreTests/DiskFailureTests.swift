import Foundation
import Synchronization
import Testing
@testable import PulseStore

/// A `DiskWriter` that behaves like the real one until told to fail, then fails every write or
/// fsync with the given errno, as a full or broken disk would.
final class FailingDiskWriter: DiskWriter {
    private let real = PosixDiskWriter()
    let failWrites = Mutex<Int32?>(nil)
    let failSyncs = Mutex<Int32?>(nil)

    func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        if let code = failWrites.withLock({ $0 }) {
            // A partial write reaches the file before the error, like a disk filling up mid-way.
            try real.write(descriptor, UnsafeRawBufferPointer(rebasing: bytes.prefix(bytes.count / 2)), path: path)
            throw StorageError.system(operation: "write", path: path, code: code)
        }
        try real.write(descriptor, bytes, path: path)
    }

    func sync(_ descriptor: Int32, path: String) throws {
        if let code = failSyncs.withLock({ $0 }) { throw StorageError.system(operation: "fsync", path: path, code: code) }
        try real.sync(descriptor, path: path)
    }
}

@Suite struct DiskFailureTests {
    private func appendConcurrently(_ log: WriteAheadLog, _ indices: Range<Int>) async -> [Result<UInt64, StorageError>] {
        await withTaskGroup(of: Result<UInt64, StorageError>.self) { group in
            for index in indices {
                group.addTask {
                    do { return .success(try await log.append(testPayload(index))) } catch {
                        return .failure(error as! StorageError)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(arguments: [("write", ENOSPC), ("fsync", EIO)])
    func diskErrorAcknowledgesNothingAndFailsTheLog(operation: String, code: Int32) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = FailingDiskWriter()
        let log = try WriteAheadLog(directory: directory.path, options: WALOptions(diskWriter: writer))
        let good = await appendConcurrently(log, 0..<20)
        #expect(good.allSatisfy { (try? $0.get()) != nil })

        if operation == "write" { writer.failWrites.withLock { $0 = code } } else { writer.failSyncs.withLock { $0 = code } }
        let bad = await appendConcurrently(log, 20..<220)
        #expect(bad.allSatisfy { (try? $0.get()) == nil }, "a record was acknowledged despite the failing disk")
        let firstError = bad.compactMap { if case let .failure(error) = $0 { error } else { nil } }
        #expect(firstError.contains(.system(operation: operation, path: directory.path + "/" + WALFormat.segmentName(firstSequence: 1), code: code)))
        #expect(log.statistics.recordsWritten == 20)
        #expect(log.failure != nil)

        // The disk recovers, but this log stays failed until reopened.
        writer.failWrites.withLock { $0 = nil }
        writer.failSyncs.withLock { $0 = nil }
        await #expect(throws: StorageError.self) { try await log.append([1]) }
        log.close()

        let reopened = try WriteAheadLog(directory: directory.path)
        let next = try await reopened.append([42])
        reopened.close()
        let (records, report) = try replayAll(directory.path)
        #expect(report.stop == nil)
        // Every acknowledged record is there; unacknowledged ones may or may not be (never torn).
        #expect(Set(records.prefix(20).map(\.1)) == Set((0..<20).map(testPayload)))
        #expect(records.last?.1 == [42])
        #expect(records.last?.0 == next)
    }

    @Test func failureWhileCreatingTheFirstSegmentThrowsFromOpen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = FailingDiskWriter()
        writer.failWrites.withLock { $0 = ENOSPC }
        #expect(throws: StorageError.self) { try WriteAheadLog(directory: directory.path, options: WALOptions(diskWriter: writer)) }
    }

    @Test func openOnAPathThatIsAFileThrows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write([1], to: "plain-file")
        #expect(throws: StorageError.self) { try WriteAheadLog(directory: directory.path + "/plain-file/wal") }
    }

    @Test func failedSnapshotWriteLeavesThePreviousOneAndNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = FailingDiskWriter()
        let store = try SnapshotStore(directory: directory.path, diskWriter: writer)
        try store.write([1, 2, 3], coveringSequence: 10)
        writer.failSyncs.withLock { $0 = EIO }
        #expect(throws: StorageError.self) { try store.write([4, 5, 6], coveringSequence: 20) }
        #expect(try directory.names() == [POSIXFile.name(prefix: "snapshot-", sequence: 10, suffix: ".bin")])
        #expect(try store.loadNewestValid().snapshot == SnapshotStore.Snapshot(sequence: 10, payload: [1, 2, 3]))
    }
}
