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
    /// The first sequence of the current segment (from its name).
    private var firstSequence: UInt64 = 0
    /// Where the current segment's last durable record ends (what a retry cuts the file back to).
    private var durableSize = 0
    /// Records that failed to become durable, kept (in order) to be written again by `rewriteKept`.
    private var kept: [UInt8] = []
    private var keptEntries: [Entry] = []
    /// Counters since opening; read by the log after each batch.
    private(set) var statistics = WALStatistics()

    /// Continues the existing segment at `path`, whose valid bytes end at `size`.
    init(existing path: String, size: Int, firstSequence: UInt64, directory: String, options: WALOptions) throws {
        self.directory = directory
        self.firstSequence = firstSequence
        durableSize = size
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
        durableSize = size
    }

    /// Closes the current file and creates the next segment with its header.
    private func startSegment(firstSequence: UInt64, sync: Bool) throws {
        closeFile()
        let newPath = directory + "/" + WALFormat.segmentName(firstSequence: firstSequence)
        descriptor = try POSIXFile.open(newPath, O_WRONLY | O_CREAT | O_TRUNC)
        path = newPath
        size = 0
        durableSize = 0
        self.firstSequence = firstSequence
        let header = WALFormat.segmentHeader(firstSequence: firstSequence)
        try header.withUnsafeBytes { try options.diskWriter.write(descriptor, $0, path: newPath) }
        size = header.count
        statistics.bytesWritten += UInt64(header.count)
        statistics.segmentsCreated += 1
        if sync {
            try options.diskWriter.sync(descriptor, path: newPath)
            try POSIXFile.syncDirectory(directory, writer: options.diskWriter)
        }
        durableSize = size
    }

    /// Keeps failed records for `rewriteKept`: `bytes` starts where the first of `entries` starts
    /// (both slices of one batch buffer, in sequence order).
    func keep(_ bytes: ArraySlice<UInt8>, entries: ArraySlice<Entry>) {
        let shift = kept.count - bytes.startIndex
        kept.append(contentsOf: bytes)
        keptEntries.append(contentsOf: entries.map { Entry(end: $0.end + shift, sequence: $0.sequence) })
    }

    /// True while records that failed are waiting to be written again.
    var hasKept: Bool { !keptEntries.isEmpty }

    /// Writes the kept records again after a disk error: cuts the current segment back to its
    /// last durable record (its failed tail may hold torn or dropped pages), starts a fresh
    /// segment at the first kept sequence (a new file, so no page of the failed write is trusted),
    /// and writes and syncs the kept records there. `acknowledge` gets the last sequence of each
    /// run made durable. On a thrown error the records not yet durable stay kept.
    func rewriteKept(acknowledge: (UInt64) -> Void) throws {
        guard let first = keptEntries.first else { return }
        if first.sequence != firstSequence, !path.isEmpty {
            try cutBack(path, to: durableSize)
        }
        try startSegment(firstSequence: first.sequence, sync: true)
        let bytes = kept, entries = keptEntries
        var done = 0
        defer {
            if done > 0 {
                let cut = entries[done - 1].end
                kept.removeFirst(cut)
                keptEntries = entries[done...].map { Entry(end: $0.end - cut, sequence: $0.sequence) }
            }
        }
        try write(bytes, entries: entries) { range in
            done = range.upperBound
            acknowledge(entries[range.upperBound - 1].sequence)
        }
    }

    /// Truncates the file at `path` to `length` bytes and syncs it.
    private func cutBack(_ path: String, to length: Int) throws {
        let file = try POSIXFile.open(path, O_WRONLY)
        defer { close(file) }
        if ftruncate(file, off_t(length)) != 0 { throw StorageError.lastSystemError("ftruncate", path) }
        try options.diskWriter.sync(file, path: path)
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
