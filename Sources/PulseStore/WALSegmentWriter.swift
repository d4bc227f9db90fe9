#if canImport(Glibc)
import Glibc
#endif

/// The open, newest segment of a write-ahead log and the logic that writes batches of encoded
/// records into it, rolling over to a new segment when it is full.
///
/// Owned by the log's writer thread: only that thread touches it once the log is open (the
/// initialiser runs before the thread starts, `close` after it ended), hence `@unchecked Sendable`.
final class WALSegmentWriter: @unchecked Sendable {
    private let directory: String
    private let options: WALOptions
    private var descriptor: Int32 = -1
    private(set) var path = ""
    private(set) var size = 0
    /// Counters since opening; read by the log after each batch.
    private(set) var statistics = WALStatistics()

    /// Continues the existing segment at `path`, whose valid bytes end at `size`.
    init(existing path: String, size: Int, directory: String, options: WALOptions) throws {
        self.directory = directory
        self.options = options
        descriptor = try POSIXFile.open(path, O_WRONLY)
        if lseek(descriptor, off_t(size), SEEK_SET) < 0 {
            close(descriptor)
            throw StorageError.lastSystemError("lseek", path)
        }
        self.path = path
        self.size = size
    }

    /// Starts a new, empty segment whose first record will have `firstSequence`.
    init(firstSequence: UInt64, directory: String, options: WALOptions) throws {
        self.directory = directory
        self.options = options
        try startSegment(firstSequence: firstSequence, sync: true)
    }

    deinit { closeFile() }

    /// One queued record: where its bytes end in the batch buffer, and its sequence.
    struct Entry {
        var end: Int
        var sequence: UInt64
    }

    /// Writes the records of `bytes` (described by `entries`, in order) and makes them durable as
    /// the fsync mode says, calling `acknowledge` with each range of entries once it is durable.
    /// On a thrown error, the entries not yet acknowledged must be treated as failed.
    func write(_ bytes: [UInt8], entries: [Entry], acknowledge: (Range<Int>) -> Void) throws {
        statistics.batches += 1
        func durable(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            statistics.recordsWritten += UInt64(range.count)
            acknowledge(range)
        }
        var groupStartEntry = 0
        var groupStartByte = 0
        var recordStart = 0
        for (index, entry) in entries.enumerated() {
            let recordLength = entry.end - recordStart
            let groupBytes = recordStart - groupStartByte
            let hasRecords = size + groupBytes > WALFormat.segmentHeaderSize
            if hasRecords, size + groupBytes + recordLength > options.segmentSize {
                try flush(bytes, groupStartByte..<recordStart)
                durable(groupStartEntry..<index)
                try startSegment(firstSequence: entry.sequence, sync: options.fsyncMode != .never)
                groupStartEntry = index
                groupStartByte = recordStart
            }
            recordStart = entry.end
            if options.fsyncMode == .always {
                try flush(bytes, groupStartByte..<recordStart)
                durable(groupStartEntry..<(index + 1))
                groupStartEntry = index + 1
                groupStartByte = recordStart
            }
        }
        if groupStartEntry < entries.count {
            try flush(bytes, groupStartByte..<recordStart)
            durable(groupStartEntry..<entries.count)
        }
    }

    /// Writes one contiguous run of records with one `write`, then `fsync`s unless mode is `never`.
    private func flush(_ bytes: [UInt8], _ range: Range<Int>) throws {
        guard !range.isEmpty else { return }
        try bytes.withUnsafeBytes { raw in
            try options.diskWriter.write(descriptor, UnsafeRawBufferPointer(rebasing: raw[range]), path: path)
        }
        size += range.count
        statistics.writes += 1
        statistics.bytesWritten += UInt64(range.count)
        if options.fsyncMode != .never {
            try options.diskWriter.sync(descriptor, path: path)
            statistics.fsyncs += 1
        }
    }

    /// Closes the current file and creates the next segment with its header.
    private func startSegment(firstSequence: UInt64, sync: Bool) throws {
        closeFile()
        let newPath = directory + "/" + WALFormat.segmentName(firstSequence: firstSequence)
        descriptor = try POSIXFile.open(newPath, O_WRONLY | O_CREAT | O_TRUNC)
        path = newPath
        size = 0
        let header = WALFormat.segmentHeader(firstSequence: firstSequence)
        try header.withUnsafeBytes { try options.diskWriter.write(descriptor, $0, path: newPath) }
        size = header.count
        statistics.bytesWritten += UInt64(header.count)
        statistics.segmentsCreated += 1
        if sync {
            try options.diskWriter.sync(descriptor, path: newPath)
            try POSIXFile.syncDirectory(directory, writer: options.diskWriter)
        }
    }

    /// Flushes the current segment (used on clean close, whatever the fsync mode).
    func syncForClose() throws {
        guard descriptor >= 0 else { return }
        try options.diskWriter.sync(descriptor, path: path)
    }

    func closeFile() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}
