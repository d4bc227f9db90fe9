/// A growable block of bytes written through a raw pointer: the JSON lines one worker of
/// `pulse analyze` produces for its share of a block (reused for the next block). Owned by
/// one thread at a time.
final class OutputBuffer {
    private(set) var start: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// The bytes written so far (valid until the next write).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    /// Forgets the bytes written, keeping the memory for the next ones.
    func removeAll() { count = 0 }

    /// Lets `body` write up to `maxCount` bytes at the end; it returns how many it wrote.
    func write(upTo maxCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(maxCount)
        count += body(start + count)
    }

    func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    func append(_ buffer: [UInt8]) {
        write(upTo: buffer.count) { destination in
            buffer.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: $0.count) }
            return buffer.count
        }
    }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: start, count: count)
        start.deallocate()
        start = grown
        capacity = newCapacity
    }
}
