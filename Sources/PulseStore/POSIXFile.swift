#if canImport(Glibc)
import Glibc
#endif

/// Small wrappers over the POSIX calls the storage needs besides writing (which goes through a
/// `DiskWriter`): opening, reading whole files, listing, truncating, renaming. Stateless.
enum POSIXFile {
    /// Creates `path` and its missing parents as directories.
    static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw StorageError.lastSystemError("mkdir", current)
            }
        }
    }

    /// Opens `path` with `flags` (mode 0644 when created).
    static func open(_ path: String, _ flags: Int32) throws -> Int32 {
        let descriptor = Glibc.open(path, flags | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw StorageError.lastSystemError("open", path) }
        return descriptor
    }

    /// The size in bytes of the open file.
    static func size(_ descriptor: Int32, path: String) throws -> Int {
        var info = stat()
        if fstat(descriptor, &info) != 0 { throw StorageError.lastSystemError("fstat", path) }
        return Int(info.st_size)
    }

    /// Reads the whole file at `path` into `buffer` (reusing its capacity); returns the byte count.
    @discardableResult
    static func readWhole(_ path: String, into buffer: inout [UInt8]) throws -> Int {
        let descriptor = try open(path, O_RDONLY)
        defer { close(descriptor) }
        let size = try self.size(descriptor, path: path)
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(size)
        var failure: StorageError?
        buffer.append(contentsOf: repeatElement(0, count: size))
        var total = 0
        buffer.withUnsafeMutableBytes { raw in
            while total < size {
                let got = read(descriptor, raw.baseAddress! + total, size - total)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = StorageError.lastSystemError("read", path)
                    return
                }
                if got == 0 { break }
                total += got
            }
        }
        if let failure { throw failure }
        buffer.removeLast(size - total)
        return total
    }

    /// The names of the entries of `directory` (without `.` and `..`).
    static func list(_ directory: String) throws -> [String] {
        guard let stream = opendir(directory) else { throw StorageError.lastSystemError("opendir", directory) }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Flushes the directory entry list of `directory` (after a create, rename or unlink).
    static func syncDirectory(_ directory: String, writer: any DiskWriter) throws {
        let descriptor = try open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(descriptor) }
        try writer.sync(descriptor, path: directory)
    }

    /// Cuts the file at `path` to `length` bytes.
    static func truncate(_ path: String, to length: Int) throws {
        if Glibc.truncate(path, off_t(length)) != 0 { throw StorageError.lastSystemError("truncate", path) }
    }

    /// Renames `source` to `target` atomically (same file system).
    static func rename(_ source: String, to target: String) throws {
        if Glibc.rename(source, target) != 0 { throw StorageError.lastSystemError("rename", source) }
    }

    /// Deletes the file at `path`.
    static func remove(_ path: String) throws {
        if unlink(path) != 0 { throw StorageError.lastSystemError("unlink", path) }
    }

    /// `name` parsed as `prefix` + 16 hexadecimal digits + `suffix`, or nil.
    static func sequence(inName name: String, prefix: String, suffix: String) -> UInt64? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix),
              name.utf8.count == prefix.utf8.count + 16 + suffix.utf8.count else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
        return UInt64(digits, radix: 16)
    }

    /// `prefix` + `value` as 16 lowercase hexadecimal digits + `suffix`.
    static func name(prefix: String, sequence value: UInt64, suffix: String) -> String {
        let hex = String(value, radix: 16)
        return prefix + String(repeating: "0", count: 16 - hex.count) + hex + suffix
    }
}
