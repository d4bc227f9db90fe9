import Foundation
import Testing
@testable import PulseStore

@Suite struct WALRecoveryTests {
    /// Writes `count` records into a fresh log in `directory` and returns the segment file name.
    private func writeLog(_ directory: TemporaryDirectory, count: Int, options: WALOptions = WALOptions()) async throws -> String {
        let log = try WriteAheadLog(directory: directory.path, options: options)
        for index in 0..<count { _ = try await log.append(testPayload(index)) }
        log.close()
        return WALFormat.segmentName(firstSequence: 1)
    }

    @Test func tornTailAtEveryByteOfTheLastRecordIsCutAndAppendingContinues() async throws {
        let source = try TemporaryDirectory()
        defer { source.remove() }
        let name = try await writeLog(source, count: 10)
        let full = try source.bytes(name)
        let lastRecordSize = WALFormat.recordHeaderSize + testPayload(9).count
        let lastRecordStart = full.count - lastRecordSize
        for cut in (lastRecordStart + 1)..<full.count {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try directory.write(Array(full[..<cut]), to: name)
            let log = try WriteAheadLog(directory: directory.path)
            let repair = try #require(log.tailRepair, "torn tail at \(cut) not reported")
            #expect(repair.offset == lastRecordStart)
            #expect(repair.droppedBytes == cut - lastRecordStart)
            #expect(log.nextSequence == 10)
            #expect(try await log.append([7, 7, 7]) == 10)
            log.close()
            let (records, report) = try replayAll(directory.path)
            #expect(report.stop == nil)
            #expect(records.map(\.1) == (0..<9).map(testPayload) + [[7, 7, 7]], "cut at \(cut)")
        }
        // A cut exactly at a record boundary is clean: nothing reported.
        let clean = try TemporaryDirectory()
        defer { clean.remove() }
        try clean.write(Array(full[..<lastRecordStart]), to: name)
        let log = try WriteAheadLog(directory: clean.path)
        #expect(log.tailRepair == nil)
        log.close()
    }

    @Test func tornSegmentHeaderIsRewritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let name = WALFormat.segmentName(firstSequence: 1)
        try directory.write([0x50, 0x57, 0x41], to: name)
        let log = try WriteAheadLog(directory: directory.path)
        #expect(log.tailRepair?.damage == .badSegmentHeader)
        #expect(log.tailRepair?.droppedBytes == 3)
        #expect(try await log.append([1]) == 1)
        log.close()
        #expect(try replayAll(directory.path).0.map(\.1) == [[1]])
    }

    @Test func checksumMismatchInTheLastSegmentCutsFromThatRecord() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let name = try await writeLog(directory, count: 20)
        var bytes = try directory.bytes(name)
        // Find record 12's offset by walking the lengths, then flip one payload byte.
        var offset = WALFormat.segmentHeaderSize
        for index in 0..<11 { offset += WALFormat.recordHeaderSize + testPayload(index).count }
        bytes[offset + WALFormat.recordHeaderSize + 2] ^= 0x40
        try directory.write(bytes, to: name)

        let (before, stopped) = try replayAll(directory.path)
        #expect(before.count == 11)
        #expect(stopped.stop?.inLastSegment == true)
        #expect(stopped.stop?.offset == offset)

        let log = try WriteAheadLog(directory: directory.path)
        #expect(log.tailRepair?.damage == .checksumMismatch(sequence: 12))
        #expect(log.tailRepair?.offset == offset)
        #expect(log.tailRepair?.droppedBytes == bytes.count - offset)
        #expect(try await log.append([5]) == 12)
        log.close()
        let (records, report) = try replayAll(directory.path)
        #expect(report.stop == nil)
        #expect(records.count == 12)
    }

    @Test func corruptionInAnOlderSegmentStopsReplayThereAndIsReported() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try await writeLog(directory, count: 60, options: WALOptions(segmentSize: 500))
        let segments = try WALReader(directory: directory.path).segments()
        #expect(segments.count >= 3)
        let second = (segments[1].path as NSString).lastPathComponent
        var bytes = try directory.bytes(second)
        bytes[WALFormat.segmentHeaderSize + 1] ^= 0xFF  // the first record's length
        try directory.write(bytes, to: second)

        // Opening does not touch older segments; replay stops at the damage and says where.
        let log = try WriteAheadLog(directory: directory.path)
        #expect(log.tailRepair == nil)
        log.close()
        let (records, report) = try replayAll(directory.path)
        #expect(records.count == Int(segments[1].firstSequence) - 1)
        let stop = try #require(report.stop)
        #expect(stop.inLastSegment == false)
        #expect(stop.path == segments[1].path)
        #expect(stop.offset == WALFormat.segmentHeaderSize)
    }

    @Test func missingMiddleSegmentIsReportedAsAGap() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try await writeLog(directory, count: 60, options: WALOptions(segmentSize: 500))
        let segments = try WALReader(directory: directory.path).segments()
        try FileManager.default.removeItem(atPath: segments[1].path)
        let (records, report) = try replayAll(directory.path)
        #expect(records.count == Int(segments[1].firstSequence) - 1)
        #expect(report.stop?.path == segments[2].path)
        #expect(report.stop?.inLastSegment == (segments.count == 3))
    }
}
