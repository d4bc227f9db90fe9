import Foundation

/// Writes whole lines to standard output with `write(2)`, one call per line, so every line is
/// flushed as soon as it is printed. A failed write (a closed pipe gives EPIPE once SIGPIPE is
/// ignored) is reported to the caller, which ends cleanly. Owned by one thread.
final class LineOutput {
    private var buffer: [UInt8] = []
    private let descriptor: Int32

    init(descriptor: Int32 = STDOUT_FILENO) {
        self.descriptor = descriptor
        buffer.reserveCapacity(64 << 10)
    }

    /// Ignores SIGPIPE for the whole process, so a closed pipe shows up as a failed write.
    static func ignoreBrokenPipes() { signal(SIGPIPE, SIG_IGN) }

    /// Writes `bytes` and a newline; false when standard output is gone.
    func write(line bytes: some Collection<UInt8>) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        return buffer.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let count = Foundation.write(descriptor, raw.baseAddress! + done, raw.count - done)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                done += count
            }
            return true
        }
    }
}
