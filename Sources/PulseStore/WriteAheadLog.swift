#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import PulseAnalytics
import Synchronization

/// An append-only, crash-safe log of opaque records with group commit (layout: `WALFormat`).
///
/// Thread ownership: a `Sendable` class. `append` may be called from any number of tasks at once;
/// it encodes the record into a queue protected by a `Mutex` and suspends on a continuation. One
/// dedicated writer thread takes everything queued, writes it with one `write`, `fsync`s once
/// (mode `batch`), then resumes every waiter of that batch with its sequence number.
///
/// Order: sequence numbers are assigned in the order records enter the queue, and replay returns
/// them in that order. A caller whose state must equal a replay (the store actor) should assign
/// them in its own order with the synchronous `enqueue`, apply, and `waitUntilDurable` before
/// replying; with `append` from many tasks, acknowledgements resume in no particular order.
///
/// Failure policy: if a `write` or `fsync` fails (ENOSPC, EIO, ...), every record of the failed
/// batch and every record still queued gets the error and nothing of them is acknowledged. The
/// log keeps those records and refuses appends with `StorageError.logFailed` for
/// `retryIntervalNanoseconds`; the first append after that pace triggers a retry on the writer
/// thread: the segment is cut back to its last durable record, a new segment file is started
/// (after a failed `fsync` Linux may have dropped the dirty pages, so no page of the failed write
/// is trusted), and the kept records are written and synced again before the new ones. If that
/// works the log is healthy again; if not, the new records are kept too and the pace starts
/// over. So sequences stay contiguous, and a record that was refused may still become durable
/// later: callers that retry must be idempotent (post ids).
///
/// Call `close()` when done: it drains the queue, `fsync`s and stops the writer thread.
public final class WriteAheadLog: Sendable {
    /// The directory of the segments.
    public let directory: String
    /// The settings the log was opened with.
    public let options: WALOptions
    /// What opening cut off the end of the newest segment, if anything (torn or corrupt tail).
    public let tailRepair: WALTailRepair?
    let queue: Mutex<PendingQueue>
    let published = Mutex(WALStatistics())
    let segment: WALSegmentWriter
    let wakeUp = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)

    enum WriterState { case busy, idle, lingering }

    struct PendingQueue {
        var bytes: [UInt8] = []
        var entries: [WALSegmentWriter.Entry] = []
        /// The `append` waiter of each queued entry (nil for `enqueue`d records).
        var waiters: [CheckedContinuation<UInt64, any Error>?] = []
        var nextSequence: UInt64
        /// Every record up to this sequence is durable.
        var durableThrough: UInt64
        /// `whenDurable` callers by sequence, for records not yet durable (nil: durable).
        var lateWaiters: [UInt64: [@Sendable (StorageError?) -> Void]] = [:]
        var failure: StorageError?
        /// The failed records (kept for a retry) are `failedFrom...failedThrough`; none is acknowledged.
        var failedFrom: UInt64?
        var failedThrough: UInt64 = 0
        /// While failed: appends are refused before this uptime (ns), then one retry starts.
        var retryNotBefore: UInt64 = 0
        /// A retry has been let through and the writer has not finished it yet.
        var retrying = false
        var closing = false
        var writer = WriterState.busy
    }

    /// Opens (creating if needed) the log in `directory`, cutting a torn or corrupt tail off the
    /// newest segment (see `tailRepair`), and starts the writer thread.
    /// - Parameter nextSequenceAtLeast: the first sequence a new record may get; pass the covered
    ///   sequence of the loaded snapshot + 1 so numbering never goes backwards even if the log
    ///   lost its tail (e.g. with `fsyncMode: .never`).
    public init(directory: String, options: WALOptions = WALOptions(), nextSequenceAtLeast: UInt64 = 1) throws {
        try POSIXFile.makeDirectories(directory)
        self.directory = directory
        self.options = options
        let floor = max(nextSequenceAtLeast, 1)
        var repair: WALTailRepair?
        var next = floor
        if let last = try WALReader(directory: directory).segments().last {
            let (validEnd, tailNext, found) = try Self.repairTail(path: last.path, firstSequence: last.firstSequence,
                                                                   writer: options.diskWriter)
            repair = found
            if tailNext >= floor {
                next = tailNext
                segment = try WALSegmentWriter(existing: last.path, size: validEnd, firstSequence: last.firstSequence, directory: directory, options: options)
            } else {
                segment = try WALSegmentWriter(firstSequence: floor, directory: directory, options: options)
            }
        } else {
            segment = try WALSegmentWriter(firstSequence: floor, directory: directory, options: options)
        }
        tailRepair = repair
        queue = Mutex(PendingQueue(nextSequence: next, durableThrough: next - 1))
        let thread = Thread { [self] in
            DedicatedThread.nameCurrentThread("pulse-wal")
            self.runWriter()
        }
        thread.start()
    }

    /// Cuts the newest segment at the end of its last valid record (rewriting a broken header);
    /// returns that end, the next sequence, and what was cut.
    private static func repairTail(path: String, firstSequence: UInt64, writer: any DiskWriter) throws
        -> (Int, UInt64, WALTailRepair?) {
        var bytes: [UInt8] = []
        let fileSize = try POSIXFile.readWhole(path, into: &bytes)
        let result = bytes.withUnsafeBytes { raw -> WALFormat.ScanResult in
            if let header = WALFormat.parseSegmentHeader(raw), header != firstSequence {
                return WALFormat.ScanResult(validEnd: 0, nextSequence: firstSequence, damage: .badSegmentHeader)
            }
            return WALFormat.scan(raw, from: .max) { _, _ in }
        }
        guard let damage = result.damage else { return (result.validEnd, result.nextSequence, nil) }
        let descriptor = try POSIXFile.open(path, O_WRONLY)
        defer { Glibc.close(descriptor) }
        if ftruncate(descriptor, off_t(result.validEnd)) != 0 { throw StorageError.lastSystemError("ftruncate", path) }
        var validEnd = result.validEnd
        if damage == .badSegmentHeader {
            let header = WALFormat.segmentHeader(firstSequence: firstSequence)
            try header.withUnsafeBytes { try writer.write(descriptor, $0, path: path) }
            validEnd = header.count
        }
        try writer.sync(descriptor, path: path)
        let repair = WALTailRepair(path: path, offset: result.validEnd, droppedBytes: fileSize - result.validEnd, damage: damage)
        return (validEnd, damage == .badSegmentHeader ? firstSequence : result.nextSequence, repair)
    }

    /// Appends one record and returns its sequence number once it is durable per the fsync mode.
    /// - Throws: the disk error that prevented it (nothing acknowledged), `StorageError.logFailed`
    ///   after an earlier disk error, `.closed`, or `.payloadTooLarge`.
    public func append(_ payload: [UInt8]) async throws -> UInt64 {
        guard payload.count <= WALFormat.maximumPayloadSize else { throw StorageError.payloadTooLarge(payload.count) }
        let checksum = CRC32C.checksum(payload)
        return try await withCheckedThrowingContinuation { continuation in
            if case let .failure(error) = queueRecord(payload, checksum: checksum, waiter: continuation) {
                continuation.resume(throwing: error)
            }
        }
    }

    /// Queues one record WITHOUT waiting and returns its sequence number, assigned now: calls made
    /// in some order get sequences in that order. Use it where the caller applies records in its
    /// own order (e.g. inside an actor, which an `await` would let other calls overtake), then
    /// `waitUntilDurable(sequence)` before acknowledging anything to the outside.
    /// - Throws: like `append`, for a log that is failed, closed, or a payload too large.
    public func enqueue(_ payload: [UInt8]) throws -> UInt64 {
        guard payload.count <= WALFormat.maximumPayloadSize else { throw StorageError.payloadTooLarge(payload.count) }
        return try queueRecord(payload, checksum: CRC32C.checksum(payload), waiter: nil).get()
    }

    /// `enqueue` for several records under one lock, in this order: the writer thread sees them
    /// together, so they share one write and one `fsync`. Each gets its sequence or its error.
    public func enqueue(batch payloads: [[UInt8]]) -> [Result<UInt64, StorageError>] {
        let checksums = payloads.map { $0.count <= WALFormat.maximumPayloadSize ? CRC32C.checksum($0) : 0 }
        var signal = false
        let results = queue.withLock { queue in
            payloads.indices.map { index -> Result<UInt64, StorageError> in
                guard payloads[index].count <= WALFormat.maximumPayloadSize else { return .failure(.payloadTooLarge(payloads[index].count)) }
                let (result, wake) = Self.queueRecord(payloads[index], checksum: checksums[index], waiter: nil, in: &queue, options: options)
                signal = signal || wake
                return result
            }
        }
        if signal { wakeUp.signal() }
        return results
    }

    /// Returns once the record `sequence` (from `enqueue`) is durable per the fsync mode.
    /// - Throws: the disk error if that record's batch failed (it is then not acknowledged).
    public func waitUntilDurable(_ sequence: UInt64) async throws {
        _ = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<UInt64, any Error>) in
            whenDurable(sequence) { error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: sequence) }
            }
        }
    }

    /// Calls `body` once the record `sequence` (from `enqueue`) is durable per the fsync mode
    /// (with nil), or with the disk error of its failed batch (it is then not acknowledged).
    /// `body` runs on the writer thread right after the fsync (or at once on the caller's thread
    /// when the outcome is known already): keep it short, and never block in it.
    public func whenDurable(_ sequence: UInt64, _ body: @escaping @Sendable (StorageError?) -> Void) {
        enum Outcome { case durable, failed(StorageError), waiting }
        let outcome = queue.withLock { queue -> Outcome in
            if sequence <= queue.durableThrough { return .durable }
            if let failedFrom = queue.failedFrom, sequence >= failedFrom { return .failed(queue.failure!) }
            precondition(sequence < queue.nextSequence, "whenDurable(\(sequence)): no such record was enqueued")
            queue.lateWaiters[sequence, default: []].append(body)
            return .waiting
        }
        switch outcome {
        case .durable: body(nil)
        case let .failed(error): body(error)
        case .waiting: break
        }
    }

    /// Encodes the record into the queue under the lock, assigning its sequence, and wakes the
    /// writer thread if it sleeps.
    private func queueRecord(
        _ payload: [UInt8], checksum: UInt32, waiter: CheckedContinuation<UInt64, any Error>?
    ) -> Result<UInt64, StorageError> {
        let (result, signal) = queue.withLock { queue in
            Self.queueRecord(payload, checksum: checksum, waiter: waiter, in: &queue, options: options)
        }
        if signal { wakeUp.signal() }
        return result
    }

    /// Appends one record to the locked `queue`; returns its sequence (or why not) and whether
    /// the writer thread must be woken.
    private static func queueRecord(
        _ payload: [UInt8], checksum: UInt32, waiter: CheckedContinuation<UInt64, any Error>?,
        in queue: inout PendingQueue, options: WALOptions
    ) -> (Result<UInt64, StorageError>, Bool) {
        if queue.closing { return (.failure(.closed), false) }
        if let failure = queue.failure, !queue.retrying {
            guard DispatchTime.now().uptimeNanoseconds >= queue.retryNotBefore else {
                return (.failure(.logFailed(failure.description)), false)
            }
            queue.retrying = true  // this record and those queued with it go with the retry
        }
        let sequence = queue.nextSequence
        queue.nextSequence += 1
        WALFormat.appendRecord(payload, sequence: sequence, payloadChecksum: checksum, to: &queue.bytes)
        queue.entries.append(.init(end: queue.bytes.count, sequence: sequence))
        queue.waiters.append(waiter)
        switch queue.writer {
        case .idle:
            queue.writer = .busy
            return (.success(sequence), true)
        case .lingering where queue.bytes.count >= options.batchBytes:
            queue.writer = .busy
            return (.success(sequence), true)
        default:
            return (.success(sequence), false)
        }
    }

    /// The sequence the next appended record will get.
    public var nextSequence: UInt64 { queue.withLock { $0.nextSequence } }

    /// Counters since opening (records, writes, fsyncs, batches, segments).
    public var statistics: WALStatistics { published.withLock { $0 } }

    /// The disk error that put the log into the failed state, nil once a retry succeeded.
    public var failure: StorageError? { queue.withLock { $0.failure } }

    /// Deletes every segment whose records all have sequences ≤ `sequence` (never the newest
    /// segment), then syncs the directory. Returns the paths removed. Safe while appending.
    @discardableResult
    public func removeSegments(coveredThrough sequence: UInt64) throws -> [String] {
        let all = try WALReader(directory: directory).segments()
        var removed: [String] = []
        for index in all.indices.dropLast() where all[index + 1].firstSequence <= sequence &+ 1 {
            try POSIXFile.remove(all[index].path)
            removed.append(all[index].path)
        }
        if !removed.isEmpty { try POSIXFile.syncDirectory(directory, writer: options.diskWriter) }
        return removed
    }

    /// Writes and acknowledges everything queued, `fsync`s, stops the writer thread and closes the
    /// file. Later appends throw `StorageError.closed`. Blocks the caller until done; idempotent.
    public func close() {
        let signal = queue.withLock { queue -> Bool in
            queue.closing = true
            guard queue.writer == .idle else { return false }
            queue.writer = .busy
            return true
        }
        if signal { wakeUp.signal() }
        finished.wait()
        finished.signal()
    }
}
