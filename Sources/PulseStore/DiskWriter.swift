#if canImport(Glibc)
import Glibc
#endif

/// The two system calls that put bytes on disk: writing a buffer and flushing a file.
/// The write-ahead log and the snapshot store do all their writing through one of these, so tests
/// can inject failures (ENOSPC, EIO) and count flushes. Implementations must be thread-safe.
public protocol DiskWriter: Sendable {
    /// Writes all of `bytes` to the open file `descriptor` at its current offset, or throws.
    func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws
    /// Flushes the file (or directory) `descriptor` to stable storage (`fsync`), or throws.
    func sync(_ descriptor: Int32, path: String) throws
}

/// The real `DiskWriter`: POSIX `write` (looping over short writes and `EINTR`) and `fsync`.
/// A stateless value, safe to share across threads.
public struct PosixDiskWriter: DiskWriter {
    public init() {}

    public func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard var cursor = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, cursor, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw StorageError.lastSystemError("write", path)
            }
            if written == 0 { throw StorageError.system(operation: "write", path: path, code: EIO) }
            cursor += written
            remaining -= written
        }
    }

    public func sync(_ descriptor: Int32, path: String) throws {
        while fsync(descriptor) != 0 {
            if errno == EINTR { continue }
            throw StorageError.lastSystemError("fsync", path)
        }
    }
}
