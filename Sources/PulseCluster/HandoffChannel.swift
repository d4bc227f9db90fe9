import Foundation

/// A bounded hand-off from one producer thread to one async consumer: `send` blocks the
/// producer (a dedicated thread, never a task) while `capacity` elements wait, so a slow consumer
/// slows the reader instead of growing memory; `receive` suspends the consumer until an element
/// comes. Thread ownership: guarded by `condition`, usable from any thread; one consumer at a time.
final class HandoffChannel<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var buffer: [Element] = []
    private var waiter: CheckedContinuation<Element?, Never>?
    private var finished = false

    init(capacity: Int) { self.capacity = max(capacity, 1) }

    /// Hands `element` over, waiting while the buffer is full. False when the channel finished.
    func send(_ element: Element) -> Bool {
        condition.lock()
        while buffer.count >= capacity && !finished { condition.wait() }
        if finished {
            condition.unlock()
            return false
        }
        if let waiter {
            self.waiter = nil
            condition.unlock()
            waiter.resume(returning: element)
            return true
        }
        buffer.append(element)
        condition.unlock()
        return true
    }

    /// The next element; nil once the channel finished and the buffer is empty.
    func receive() async -> Element? {
        await withCheckedContinuation { continuation in
            condition.lock()
            if !buffer.isEmpty {
                let element = buffer.removeFirst()
                condition.broadcast()
                condition.unlock()
                continuation.resume(returning: element)
            } else if finished {
                condition.unlock()
                continuation.resume(returning: nil)
            } else {
                precondition(waiter == nil, "HandoffChannel has one consumer at a time")
                waiter = continuation
                condition.unlock()
            }
        }
    }

    /// Ends the channel: the producer's `send` returns false, the consumer gets what is buffered, then nil.
    func finish() {
        condition.lock()
        finished = true
        let waiter = self.waiter
        self.waiter = nil
        condition.broadcast()
        condition.unlock()
        waiter?.resume(returning: nil)
    }

    var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }
}
