import Foundation

/// Reads a file or standard input line by line in constant memory (one growing chunk buffer,
/// compacted as lines are consumed). Lines come without `\n` and without a trailing `\r`.
/// Owned by one thread.
final class LineReader {
    /// A read failure or an over-long line, with the file name and line number.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let name: String
    private(set) var lineNumber = 0
    private let descriptor: Int32
    private let closeOnDeinit: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private let maxLineBytes: Int

    /// Opens `path` ("-" for standard input).
    /// - Throws: `Failure` when the file cannot be opened or is a directory.
    init(path: String, maxLineBytes: Int = 64 << 20) throws {
        self.maxLineBytes = maxLineBytes
        if path == "-" {
            name = "standard input"
            descriptor = STDIN_FILENO
            closeOnDeinit = false
        } else {
            name = path
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            closeOnDeinit = true
            var status = stat()
            if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
                close(descriptor)
                throw Failure(description: "cannot read \(path): it is a directory")
            }
        }
        buffer.reserveCapacity(1 << 20)
    }

    deinit { if closeOnDeinit { close(descriptor) } }

    /// The next line, or nil at the end of the input. The slice is valid until the next call.
    func next() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                lineNumber += 1
                return line.last == 0x0D ? line.dropLast() : line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line.last == 0x0D ? line.dropLast() : line
            }
            guard buffer.count - start <= maxLineBytes else {
                throw Failure(description: "\(name): line \(lineNumber + 1) is longer than \(maxLineBytes) bytes")
            }
            try fill()
        }
    }

    /// True when the first byte that is not white space is `{` (or the input is empty): JSON Lines.
    func firstByteLooksLikeJSON() throws -> Bool {
        while true {
            if let byte = buffer[start...].first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }) {
                return byte == UInt8(ascii: "{")
            }
            if atEnd { return true }
            try fill()
        }
    }

    private func fill() throws {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let old = buffer.count
        let chunk = 256 << 10
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + old, chunk) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else {
            let reason = String(cString: strerror(errno))
            buffer.removeSubrange(old...)
            throw Failure(description: "cannot read \(name): \(reason)")
        }
        buffer.removeSubrange((old + count)...)
        if count == 0 { atEnd = true }
    }
}
