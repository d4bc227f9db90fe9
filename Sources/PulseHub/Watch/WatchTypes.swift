/// Where reading of one watched file stands: the file's inode and the byte offset just after the
/// last line handed out. The ingest pipeline stores it in the same WAL record as the posts read
/// from those lines and passes the recovered positions back to `FolderWatcher` at start.
/// A value type, safe to share.
public struct WatchPosition: Sendable, Hashable, Codable {
    public var inode: UInt64
    public var offset: UInt64

    public init(inode: UInt64, offset: UInt64) {
        self.inode = inode
        self.offset = offset
    }
}

/// One complete line of a watched file, without its `\n` (and without a `\r` before it).
/// A value type, safe to share.
public struct WatchedLine: Sendable, Equatable {
    /// The line's bytes (not validated: may be any encoding, may be invalid UTF-8).
    public var bytes: [UInt8]
    /// 1-based line number in the file (blank lines count but are not handed out).
    public var number: Int

    public init(bytes: [UInt8], number: Int) {
        self.bytes = bytes
        self.number = number
    }
}

/// New complete lines of one watched file. A value type, safe to share.
public struct WatchBatch: Sendable, Equatable {
    /// The file's full path.
    public var path: String
    /// The file's inode (identifies it across renames; changes when the file is rotated).
    public var inode: UInt64
    /// The lines, in file order (blank lines skipped; a CSV header is in `header`, not here).
    public var lines: [WatchedLine]
    /// The byte offset just after the last line of this batch: persist it with the posts.
    public var newOffset: UInt64
    /// For `.csv` files, the header line (line 1), repeated with every batch; nil otherwise.
    public var header: [UInt8]?

    /// The position to persist once the batch is applied.
    public var position: WatchPosition { WatchPosition(inode: inode, offset: newOffset) }
}

/// Something the watcher noticed besides new lines. A value type, safe to share.
public enum WatchNotice: Sendable, Equatable, CustomStringConvertible {
    /// The file shrank below the offset already read: reading restarts at byte 0.
    case truncated(path: String, previousOffset: UInt64, size: UInt64)
    /// The path now names a different file (new inode): the old one was read to its last complete
    /// line, and the new one is read from byte 0.
    case rotated(path: String, oldInode: UInt64, newInode: UInt64)
    /// A file could not be read (the message names the call and error); it is retried later.
    case failed(path: String, message: String)

    public var description: String {
        switch self {
        case let .truncated(path, previousOffset, size):
            return "\(path) was truncated (size \(size) < offset \(previousOffset)); reading it again from the start"
        case let .rotated(path, oldInode, newInode):
            return "\(path) was replaced (inode \(oldInode) → \(newInode)); reading the new file from the start"
        case let .failed(path, message):
            return "cannot read \(path): \(message)"
        }
    }
}
