/// Reads the records of a write-ahead-log directory in sequence order, checking every CRC and the
/// continuity of sequence numbers. Owned by one caller; use it before appending starts (recovery),
/// or on a directory no `WriteAheadLog` is writing to.
///
/// Damage policy: reading stops at the first bad record and the report says where and why
/// (`WALReplayReport.stop`). In the newest segment that is a torn tail, which opening a
/// `WriteAheadLog` cuts off first, so a replay after opening normally has no stop. In an older
/// segment it is real corruption (or a missing segment): replay stops there rather than skipping
/// ahead, because applying later records over a hole would build a state that never existed.
public struct WALReader: Sendable {
    /// The directory holding the `wal-*.log` segments.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The segments present, oldest first, as (first sequence from the name, full path).
    public func segments() throws -> [(firstSequence: UInt64, path: String)] {
        try POSIXFile.list(directory).compactMap { name -> (UInt64, String)? in
            guard let first = POSIXFile.sequence(inName: name, prefix: WALFormat.namePrefix, suffix: WALFormat.nameSuffix)
            else { return nil }
            return (first, directory + "/" + name)
        }.sorted { $0.0 < $1.0 }
    }

    /// Calls `body` with the sequence and payload of every valid record whose sequence is at least
    /// `from`, in order. The payload buffer is only valid during the call.
    public func replay(
        from: UInt64 = 1, _ body: (UInt64, UnsafeRawBufferPointer) throws -> Void
    ) throws -> WALReplayReport {
        let all = try segments()
        var report = WALReplayReport(nextSequence: max(from, 1))
        guard !all.isEmpty else { return report }
        let startIndex = all.lastIndex(where: { $0.firstSequence <= from }) ?? 0
        var buffer: [UInt8] = []
        var expected: UInt64?
        for index in startIndex..<all.count {
            let (first, path) = all[index]
            let isLast = index == all.count - 1
            if let expected, first != expected {
                report.stop = WALReplayStop(path: path, offset: 0, inLastSegment: isLast,
                                            reason: "segment starts at sequence \(first) but \(expected) was expected (missing or extra records)")
                return report
            }
            if index == startIndex, first > from {
                report.stop = WALReplayStop(path: path, offset: 0, inLastSegment: isLast,
                                            reason: "records \(from)..<\(first) are missing: the oldest segment starts at \(first)")
                return report
            }
            try POSIXFile.readWhole(path, into: &buffer)
            let result = try buffer.withUnsafeBytes { bytes -> WALFormat.ScanResult in
                if let header = WALFormat.parseSegmentHeader(bytes), header != first {
                    return WALFormat.ScanResult(validEnd: 0, nextSequence: first, damage: .badSegmentHeader)
                }
                return try WALFormat.scan(bytes, from: from) { sequence, payload in
                    try body(sequence, payload)
                    report.records += 1
                    report.payloadBytes += UInt64(payload.count)
                }
            }
            if result.damage == .badSegmentHeader {
                report.stop = WALReplayStop(path: path, offset: 0, inLastSegment: isLast,
                                            reason: "missing or invalid segment header")
                return report
            }
            report.nextSequence = max(result.nextSequence, report.nextSequence)
            if let damage = result.damage {
                report.stop = WALReplayStop(path: path, offset: result.validEnd, inLastSegment: isLast,
                                            reason: damage.description)
                return report
            }
            expected = result.nextSequence
        }
        return report
    }
}
