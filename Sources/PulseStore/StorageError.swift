#if canImport(Glibc)
import Glibc
#endif

/// A failure of the durable storage (write-ahead log or snapshots). A value type, safe to share.
///
/// Every case names the file and the operation, so a log line or a `503` reason is actionable.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    /// A system call failed; `code` is the `errno` value (e.g. `ENOSPC`, `EIO`).
    case system(operation: String, path: String, code: Int32)
    /// The log hit a disk error earlier and refuses appends until its next retry (after the pace) succeeds.
    case logFailed(String)
    /// The log was closed; nothing more can be appended.
    case closed
    /// A payload larger than `WALFormat.maximumPayloadSize`.
    case payloadTooLarge(Int)
    /// A file that should hold a snapshot or segment is not in the expected format.
    case corrupt(path: String, reason: String)
    /// The live state could not be encoded as a snapshot (nothing was written).
    case snapshotEncoding(reason: String)

    public var description: String {
        switch self {
        case let .system(operation, path, code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
        case let .logFailed(reason):
            return "write-ahead log is failed after a disk error and refuses appends until its next retry succeeds: \(reason)"
        case .closed:
            return "write-ahead log is closed"
        case let .payloadTooLarge(size):
            return "record payload of \(size) bytes exceeds the limit of \(WALFormat.maximumPayloadSize) bytes"
        case let .corrupt(path, reason):
            return "\(path) is corrupt: \(reason)"
        case let .snapshotEncoding(reason):
            return "the live state could not be encoded as a snapshot, none was written: \(reason)"
        }
    }

    /// The error for the `errno` of the failed call just made.
    static func lastSystemError(_ operation: String, _ path: String) -> StorageError {
        .system(operation: operation, path: path, code: errno)
    }
}
