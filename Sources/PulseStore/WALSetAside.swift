#if canImport(Glibc)
import Glibc
#endif

/// What recovery does when WAL replay stops before the end of the log (corruption in an older
/// segment, or a missing segment). A value type, safe to share.
public enum WALCorruptionPolicy: String, Sendable, CaseIterable {
    /// Refuse to open: `DurableStorage.open` throws `StorageError.corrupt` naming the file and
    /// offset, and nothing is changed on disk (an operator decides). The default.
    case refuse
    /// Keep the state built so far and move the unreadable rest of the log out of the way (into
    /// `wal/damaged-<sequence>/`), so new records continue right after the last good one and every
    /// later restart sees one consistent log. The records set aside are lost to the state.
    case setAside
}

/// Moves the part of a WAL directory after a replay stop into a `damaged-<sequence>` folder.
/// Stateless; call only while no `WriteAheadLog` is open on the directory.
enum WALSetAside {
    /// Moves the stopped segment and every later one into `<directory>/damaged-<next sequence>/`,
    /// then rewrites the stopped segment with its valid prefix (if it had one). Returns the files
    /// moved.
    static func apply(_ stop: WALReplayStop, nextSequence: UInt64, directory: String, writer: any DiskWriter) throws -> [String] {
        let segments = try WALReader(directory: directory).segments()
        guard let stopIndex = segments.firstIndex(where: { $0.path == stop.path }) else { return [] }
        let aside = directory + "/" + POSIXFile.name(prefix: "damaged-", sequence: nextSequence, suffix: "")
        try POSIXFile.makeDirectories(aside)
        var moved: [String] = []
        for segment in segments[stopIndex...] {
            let target = aside + "/" + segment.path.split(separator: "/").last!
            try POSIXFile.rename(segment.path, to: target)
            moved.append(target)
        }
        if stop.offset >= WALFormat.segmentHeaderSize, let original = moved.first {
            var bytes: [UInt8] = []
            try POSIXFile.readWhole(original, into: &bytes)
            let descriptor = try POSIXFile.open(stop.path, O_WRONLY | O_CREAT | O_TRUNC)
            defer { close(descriptor) }
            try bytes.withUnsafeBytes { raw in
                try writer.write(descriptor, UnsafeRawBufferPointer(rebasing: raw[..<stop.offset]), path: stop.path)
            }
            try writer.sync(descriptor, path: stop.path)
        }
        try POSIXFile.syncDirectory(aside, writer: writer)
        try POSIXFile.syncDirectory(directory, writer: writer)
        return moved
    }
}
