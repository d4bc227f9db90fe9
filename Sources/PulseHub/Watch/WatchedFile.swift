#if canImport(Glibc)
import Glibc
#endif

/// The reading state of one watched file: its open descriptor (kept open so that the rest of a
/// renamed or deleted file can still be read), inode, the offset after the last line handed out,
/// the next line number and, for CSV, the header line. Owned by the watcher thread.
final class WatchedFile {
    private(set) var path: String
    let isCSV: Bool
    let inode: UInt64
    private let descriptor: Int32
    private(set) var offset: UInt64 = 0
    private(set) var nextLineNumber = 1
    private(set) var header: [UInt8]?
    private var buffer: [UInt8] = []

    /// Opens `path`; reading continues at `offset` (0 for a new file).
    init(path: String, offset start: UInt64) throws(WatchError) {
        self.path = path
        isCSV = path.hasSuffix(".csv")
        descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw WatchError.system("open", path) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            Glibc.close(descriptor)
            throw WatchError.system("fstat", path)
        }
        inode = UInt64(info.st_ino)
        if start > UInt64(info.st_size) {
            offset = start  // shrank while we were stopped: `restartIfTruncated` reports it
        } else if start > 0 {
            try skipTo(start)
        }
    }

    deinit { Glibc.close(descriptor) }

    /// The file was renamed within the watched folders: later batches use the new path.
    func renamed(to newPath: String) { path = newPath }

    /// Counts the lines before `start` (for line numbers) and reads the CSV header line.
    private func skipTo(_ start: UInt64) throws(WatchError) {
        var position: UInt64 = 0
        while position < start {
            let count = try read(at: position, upTo: Int(min(start - position, 1 << 20)))
            if count == 0 { break }
            buffer.withUnsafeBytes { raw in
                for byte in raw[0..<count] where byte == 0x0A { nextLineNumber += 1 }
                if isCSV, header == nil, let end = raw[0..<count].firstIndex(of: 0x0A) {
                    header = Self.trimmed(Array(raw[0..<end]))
                }
            }
            position += UInt64(count)
        }
        offset = start
    }

    /// Reads up to `count` bytes at `position` into `buffer`; returns how many were read.
    private func read(at position: UInt64, upTo count: Int) throws(WatchError) -> Int {
        if buffer.count < count { buffer = [UInt8](repeating: 0, count: count) }
        while true {
            let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(position)) }
            if got >= 0 { return got }
            if errno != EINTR { throw WatchError.system("pread", path) }
        }
    }

    /// If the file is now shorter than the offset already read, starts over at byte 0 and returns
    /// (previous offset, current size).
    func restartIfTruncated() throws(WatchError) -> (UInt64, UInt64)? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw WatchError.system("fstat", path) }
        let size = UInt64(info.st_size)
        guard size < offset else { return nil }
        let previous = offset
        offset = 0
        nextLineNumber = 1
        header = nil
        return (previous, size)
    }

    /// Hands every new complete line to `deliver`, in batches of about `maxBatchBytes`; a partial
    /// last line stays unread until its newline arrives. Stops early when `deliver` returns false
    /// (the same lines are offered again next time).
    func readNewLines(maxBatchBytes: Int, deliver: (WatchBatch) -> Bool) throws(WatchError) {
        var chunk = max(maxBatchBytes, 4096)
        while true {
            let count = try read(at: offset, upTo: chunk)
            guard count > 0 else { return }
            let lastNewline = buffer.withUnsafeBytes { raw in raw[0..<count].lastIndex(of: 0x0A) }
            guard let lastNewline else {
                if count < chunk { return }  // only a partial line so far
                chunk *= 2  // one line longer than the chunk: read more of it
                continue
            }
            let batch = makeBatch(byteCount: lastNewline + 1)
            if !batch.batch.lines.isEmpty, !deliver(batch.batch) { return }
            offset = batch.batch.newOffset
            nextLineNumber = batch.nextLineNumber
            if let header = batch.header { self.header = header }
        }
    }

    /// Splits the first `byteCount` bytes of `buffer` (ending in `\n`) into lines.
    private func makeBatch(byteCount: Int) -> (batch: WatchBatch, nextLineNumber: Int, header: [UInt8]?) {
        var lines: [WatchedLine] = []
        var number = nextLineNumber
        var header = self.header
        buffer.withUnsafeBytes { raw in
            var start = 0
            while start < byteCount {
                let end = raw[start..<byteCount].firstIndex(of: 0x0A)!
                let line = Self.trimmed(Array(raw[start..<end]))
                if isCSV && number == 1 {
                    header = line
                } else if !line.isEmpty {
                    lines.append(WatchedLine(bytes: line, number: number))
                }
                number += 1
                start = end + 1
            }
        }
        let batch = WatchBatch(path: path, inode: inode, lines: lines, newOffset: offset + UInt64(byteCount),
                               header: isCSV ? header : nil)
        return (batch, number, header)
    }

    /// A line without a trailing `\r`.
    private static func trimmed(_ line: [UInt8]) -> [UInt8] {
        line.last == 0x0D ? Array(line.dropLast()) : line
    }
}

/// A failure of the folder watcher. A value type, safe to share.
public struct WatchError: Error, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }

    static func system(_ call: String, _ path: String) -> WatchError {
        WatchError("\(call) \(path) failed: \(String(cString: strerror(errno))) (errno \(errno))")
    }
}
