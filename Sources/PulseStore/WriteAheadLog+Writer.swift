import Dispatch

extension WriteAheadLog {
    /// The writer thread's loop: take the whole queue, write it, make it durable, resume waiters.
    func runWriter() {
        var bytes: [UInt8] = []
        var entries: [WALSegmentWriter.Entry] = []
        var waiters: [CheckedContinuation<UInt64, any Error>] = []
        var wokeFromIdle = false
        while true {
            if wokeFromIdle { linger() }
            let hasWork = takeQueue(&bytes, &entries, &waiters)
            guard let hasWork else { break }
            if !hasWork {
                wakeUp.wait()
                wokeFromIdle = true
                continue
            }
            wokeFromIdle = false
            var acknowledged = 0
            do {
                try segment.write(bytes, entries: entries) { range in
                    publishStatistics()  // before the waiters resume, so they see their records counted
                    for index in range { waiters[index].resume(returning: entries[index].sequence) }
                    acknowledged = range.upperBound
                }
            } catch {
                publishStatistics()
                fail(error, unacknowledged: waiters[acknowledged...])
                break
            }
            bytes.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
            waiters.removeAll(keepingCapacity: true)
        }
        if failure == nil { try? segment.syncForClose() }
        segment.closeFile()
        finished.signal()
    }

    /// In `batch` mode after waking from idle, waits up to `batchDelayNanoseconds` for more records
    /// (ending early once `batchBytes` are queued).
    private func linger() {
        guard options.fsyncMode == .batch, options.batchDelayNanoseconds > 0 else { return }
        let shouldWait = queue.withLock { queue -> Bool in
            guard !queue.closing, queue.bytes.count < options.batchBytes else { return false }
            queue.writer = .lingering
            return true
        }
        guard shouldWait else { return }
        _ = wakeUp.wait(timeout: .now() + .nanoseconds(options.batchDelayNanoseconds))
        queue.withLock { $0.writer = .busy }
    }

    /// Swaps the queued records into the given (empty) buffers. Returns true with work, false when
    /// the queue was empty (the writer is then marked idle), nil when closing with nothing left.
    private func takeQueue(
        _ bytes: inout [UInt8], _ entries: inout [WALSegmentWriter.Entry],
        _ waiters: inout [CheckedContinuation<UInt64, any Error>]
    ) -> Bool? {
        queue.withLock { queue -> Bool? in
            if queue.entries.isEmpty {
                if queue.closing { return nil }
                queue.writer = .idle
                return false
            }
            swap(&queue.bytes, &bytes)
            swap(&queue.entries, &entries)
            swap(&queue.waiters, &waiters)
            return true
        }
    }

    /// Marks the log failed and fails every waiter that was not acknowledged, queued ones included.
    private func fail(_ error: any Error, unacknowledged: ArraySlice<CheckedContinuation<UInt64, any Error>>) {
        let storageError = error as? StorageError ?? .logFailed(String(describing: error))
        let queued = queue.withLock { queue -> [CheckedContinuation<UInt64, any Error>] in
            queue.failure = storageError
            let queued = queue.waiters
            queue.bytes = []
            queue.entries = []
            queue.waiters = []
            return queued
        }
        for waiter in unacknowledged { waiter.resume(throwing: storageError) }
        for waiter in queued { waiter.resume(throwing: storageError) }
    }

    private func publishStatistics() {
        let current = segment.statistics
        published.withLock { $0 = current }
    }
}
