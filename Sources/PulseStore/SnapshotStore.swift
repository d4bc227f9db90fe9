#if canImport(Glibc)
import Glibc
#endif

/// Snapshot files of the whole store state, each covering the WAL up to a sequence number.
/// A value type, safe to share; its methods do blocking file I/O on the caller's thread, so call
/// them from one task at a time (the store's snapshot task).
///
/// A snapshot is `snapshot-<16 lowercase hex digits of the covered WAL sequence>.bin`:
///
///     0   8  magic "PULSESNP"
///     8   4  format version, UInt32 little-endian, currently 1
///    12   4  reserved, zero
///    16   8  covered WAL sequence S, UInt64 LE (the state includes every record ≤ S)
///    24   8  payload length N, UInt64 LE
///    32   4  CRC-32C of the payload, UInt32 LE
///    36   4  CRC-32C of bytes 0..<36, UInt32 LE
///    40   N  payload (opaque: the store's encoded state)
///
/// Writing goes to `<name>.tmp`, which is `fsync`ed, renamed into place, and the directory is
/// `fsync`ed, so a crash leaves either the old set of snapshots or the new one complete.
public struct SnapshotStore: Sendable {
    /// A loaded snapshot. A value type, safe to share.
    public struct Snapshot: Sendable, Equatable {
        /// The WAL sequence the state covers; replay continues at `sequence + 1`.
        public var sequence: UInt64
        /// The encoded state.
        public var payload: [UInt8]
    }

    /// What `loadNewestValid` found. A value type, safe to share.
    public struct LoadResult: Sendable, Equatable {
        /// The newest snapshot that passed every check, or nil when there is none.
        public var snapshot: Snapshot?
        /// Newer snapshot files that were skipped, with why (e.g. a corrupt newest snapshot).
        public var skipped: [(path: String, reason: String)]

        public static func == (lhs: LoadResult, rhs: LoadResult) -> Bool {
            lhs.snapshot == rhs.snapshot && lhs.skipped.elementsEqual(rhs.skipped) { $0.path == $1.path && $0.reason == $1.reason }
        }
    }

    public static let headerSize = 40
    public static let version: UInt32 = 1
    static let magic: [UInt8] = Array("PULSESNP".utf8)
    static let namePrefix = "snapshot-"
    static let nameSuffix = ".bin"

    /// The directory holding the snapshot files.
    public let directory: String
    private let diskWriter: any DiskWriter

    /// Uses (and creates if needed) `directory`; `diskWriter` performs writes and `fsync`s.
    public init(directory: String, diskWriter: any DiskWriter = PosixDiskWriter()) throws {
        try POSIXFile.makeDirectories(directory)
        self.directory = directory
        self.diskWriter = diskWriter
    }

    /// The snapshot files present, newest (highest sequence) first.
    public func files() throws -> [(sequence: UInt64, path: String)] {
        try POSIXFile.list(directory).compactMap { name -> (UInt64, String)? in
            guard let sequence = POSIXFile.sequence(inName: name, prefix: Self.namePrefix, suffix: Self.nameSuffix)
            else { return nil }
            return (sequence, directory + "/" + name)
        }.sorted { $0.0 > $1.0 }
    }

    /// Durably writes a snapshot of `payload` covering WAL sequence `sequence`; returns its path.
    @discardableResult
    public func write(_ payload: [UInt8], coveringSequence sequence: UInt64) throws -> String {
        let path = directory + "/" + POSIXFile.name(prefix: Self.namePrefix, sequence: sequence, suffix: Self.nameSuffix)
        let temporary = path + ".tmp"
        let descriptor = try POSIXFile.open(temporary, O_WRONLY | O_CREAT | O_TRUNC)
        do {
            let header = Self.header(sequence: sequence, payload: payload)
            try header.withUnsafeBytes { try diskWriter.write(descriptor, $0, path: temporary) }
            try payload.withUnsafeBytes { try diskWriter.write(descriptor, $0, path: temporary) }
            try diskWriter.sync(descriptor, path: temporary)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        try POSIXFile.rename(temporary, to: path)
        try POSIXFile.syncDirectory(directory, writer: diskWriter)
        return path
    }

    static func header(sequence: UInt64, payload: [UInt8]) -> [UInt8] {
        var header = magic
        WALFormat.appendLittleEndian(version, to: &header)
        WALFormat.appendLittleEndian(UInt32(0), to: &header)
        WALFormat.appendLittleEndian(sequence, to: &header)
        WALFormat.appendLittleEndian(UInt64(payload.count), to: &header)
        WALFormat.appendLittleEndian(CRC32C.checksum(payload), to: &header)
        WALFormat.appendLittleEndian(CRC32C.checksum(header), to: &header)
        return header
    }

    /// Loads the newest snapshot whose header, length and CRCs are all valid, skipping (and
    /// reporting) newer broken ones.
    public func loadNewestValid() throws -> LoadResult {
        var result = LoadResult(snapshot: nil, skipped: [])
        for (sequence, path) in try files() {
            var bytes: [UInt8] = []
            do {
                try POSIXFile.readWhole(path, into: &bytes)
            } catch {
                result.skipped.append((path, "unreadable: \(error)"))
                continue
            }
            switch Self.validate(bytes, expectedSequence: sequence) {
            case .success:
                bytes.removeFirst(Self.headerSize)
                result.snapshot = Snapshot(sequence: sequence, payload: bytes)
                return result
            case let .failure(reason):
                result.skipped.append((path, reason.message))
            }
        }
        return result
    }

    struct Invalid: Error { var message: String }

    /// Checks a snapshot file's bytes against its header.
    static func validate(_ bytes: [UInt8], expectedSequence: UInt64) -> Result<Void, Invalid> {
        guard bytes.count >= headerSize else { return .failure(Invalid(message: "shorter than the \(headerSize)-byte header")) }
        return bytes.withUnsafeBytes { raw -> Result<Void, Invalid> in
            guard raw.prefix(8).elementsEqual(magic) else { return .failure(Invalid(message: "bad magic")) }
            guard WALFormat.load(UInt32.self, raw, at: 36) == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<36])) else {
                return .failure(Invalid(message: "header CRC-32C mismatch"))
            }
            guard WALFormat.load(UInt32.self, raw, at: 8) == version else {
                return .failure(Invalid(message: "unsupported version \(WALFormat.load(UInt32.self, raw, at: 8))"))
            }
            let sequence = WALFormat.load(UInt64.self, raw, at: 16)
            guard sequence == expectedSequence else {
                return .failure(Invalid(message: "header covers sequence \(sequence), file name says \(expectedSequence)"))
            }
            let length = WALFormat.load(UInt64.self, raw, at: 24)
            guard length == UInt64(raw.count - headerSize) else {
                return .failure(Invalid(message: "payload is \(raw.count - headerSize) bytes, header says \(length)"))
            }
            let payload = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
            guard WALFormat.load(UInt32.self, raw, at: 32) == CRC32C.checksum(payload) else {
                return .failure(Invalid(message: "payload CRC-32C mismatch"))
            }
            return .success(())
        }
    }

    /// Deletes every snapshot but the newest `keep` (by sequence), and leftover `.tmp` files.
    /// Returns the paths removed.
    @discardableResult
    public func removeOld(keeping keep: Int = 2) throws -> [String] {
        var removed = try files().dropFirst(keep).map(\.path)
        removed += try POSIXFile.list(directory)
            .filter { $0.hasPrefix(Self.namePrefix) && $0.hasSuffix(Self.nameSuffix + ".tmp") }
            .map { directory + "/" + $0 }
        for path in removed { try POSIXFile.remove(path) }
        if !removed.isEmpty { try POSIXFile.syncDirectory(directory, writer: diskWriter) }
        return removed
    }
}
