import Dispatch

extension WriteAheadLog {
    /// The writer thread's loop: take the whole queue, write it, make it durable, resume waiters.
    func runWriter() {
        var bytes: [UInt8] = []
        var entries: [WALSegmentWriter.Entry] = []
        var waiters: [CheckedContinuation<UInt64, any Error>?] = []
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
            if segment.hasKept {
                do {
                    try retryKept()
                } catch {
                    publishStatistics()
                    segment.keep(bytes[...], entries: entries[...])
                    fail(error, firstFailed: entries[0].sequence, unacknowledged: waiters[...])
                    clear(&bytes, &entries, &waiters)
                    continue
                }
            }
            var acknowledged = 0
            do {
                try segment.write(bytes, entries: entries) { range in
                    publishStatistics()  // before the waiters resume, so they see their records counted
                    let late = markDurable(through: entries[range.upperBound - 1].sequence)
                    for index in range { waiters[index]?.resume(returning: entries[index].sequence) }
                    for waiter in late { waiter(nil) }
                    acknowledged = range.upperBound
                }
            } catch {
                publishStatistics()
                let start = acknowledged == 0 ? 0 : entries[acknowledged - 1].end
                segment.keep(bytes[start...], entries: entries[acknowledged...])
                fail(error, firstFailed: entries[acknowledged].sequence, unacknowledged: waiters[acknowledged...])
            }
            clear(&bytes, &entries, &waiters)
        }
        if failure == nil { try? segment.syncForClose() }
        segment.closeFile()
        finished.signal()
    }

    private func clear(_ bytes: inout [UInt8], _ entries: inout [WALSegmentWriter.Entry],
                       _ waiters: inout [CheckedContinuation<UInt64, any Error>?]) {
        bytes.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        waiters.removeAll(keepingCapacity: true)
    }

    /// Writes the records kept from an earlier disk error again (see the failure policy); once
    /// they are durable the log is healthy: the failure is cleared.
    private func retryKept() throws {
        try segment.rewriteKept { sequence in
            publishStatistics()
            for waiter in markDurable(through: sequence) { waiter(nil) }
        }
        queue.withLock { queue in
            queue.failure = nil
            queue.failedFrom = nil
            queue.retrying = false
        }
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
        _ waiters: inout [CheckedContinuation<UInt64, any Error>?]
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

    /// Records everything up to `sequence` as durable; returns the `whenDurable` callers to tell.
    private func markDurable(through sequence: UInt64) -> [@Sendable (StorageError?) -> Void] {
        queue.withLock { queue in
            queue.durableThrough = sequence
            guard !queue.lateWaiters.isEmpty else { return [] }
            var ready: [@Sendable (StorageError?) -> Void] = []
            for (waited, waiters) in queue.lateWaiters where waited <= sequence {
                ready += waiters
                queue.lateWaiters[waited] = nil
            }
            return ready
        }
    }

    /// Marks the log failed from `firstFailed` on and fails every waiter that was not
    /// acknowledged: this batch's, the queued ones', and `waitUntilDurable` callers. The queued
    /// records are kept with the failed ones for the next retry, which is allowed after the pace.
    private func fail(
        _ error: any Error, firstFailed: UInt64,
        unacknowledged: ArraySlice<CheckedContinuation<UInt64, any Error>?>
    ) {
        let storageError = error as? StorageError ?? .logFailed(String(describing: error))
        let (others, late) = queue.withLock { queue -> ([CheckedContinuation<UInt64, any Error>], [@Sendable (StorageError?) -> Void]) in
            queue.failure = storageError
            queue.failedFrom = min(queue.failedFrom ?? firstFailed, firstFailed)
            queue.failedThrough = queue.nextSequence - 1
            queue.retrying = false
            queue.retryNotBefore = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, options.retryIntervalNanoseconds))
            let others = queue.waiters.compactMap { $0 }
            let late = Array(queue.lateWaiters.values.joined())
            segment.keep(queue.bytes[...], entries: queue.entries[...])
            queue.bytes = []
            queue.entries = []
            queue.waiters = []
            queue.lateWaiters = [:]
            return (others, late)
        }
        for waiter in unacknowledged { waiter?.resume(throwing: storageError) }
        for waiter in others { waiter.resume(throwing: storageError) }
        for waiter in late { waiter(storageError) }
    }

    private func publishStatistics() {
        let current = segment.statistics
        published.withLock { $0 = current }
    }
}
