#if canImport(Glibc)
import Glibc
#endif

/// The watcher thread's state and loop: the open files by path, the positions not yet claimed,
/// and the inotify event handling. Owned by the watcher thread (created before it starts and only
/// touched by it afterwards, hence `@unchecked Sendable`).
final class WatchLoop: @unchecked Sendable {
    private let folders: [String]
    private let watches: [Int32: String]
    private var positions: [String: WatchPosition]
    private let maxBatchBytes: Int
    private let rescanMilliseconds: Int32
    private let onBatch: @Sendable (WatchBatch) -> Bool
    private let onNotice: @Sendable (WatchNotice) -> Void
    private var files: [String: WatchedFile] = [:]
    /// Files whose path vanished during the current event batch, by inode, so a rename to another
    /// watched name can adopt them; closed after the batch.
    private var orphans: [UInt64: WatchedFile] = [:]

    init(folders: [String], watches: [Int32: String], positions: [String: WatchPosition], maxBatchBytes: Int,
         rescanMilliseconds: Int32, onBatch: @escaping @Sendable (WatchBatch) -> Bool,
         onNotice: @escaping @Sendable (WatchNotice) -> Void) {
        self.folders = folders
        self.watches = watches
        self.positions = positions
        self.maxBatchBytes = maxBatchBytes
        self.rescanMilliseconds = rescanMilliseconds
        self.onBatch = onBatch
        self.onNotice = onNotice
    }

    func run(inotify: Int32, wake: Int32) {
        rescan()
        var events = [UInt8](repeating: 0, count: 64 << 10)
        var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&descriptors, 2, rescanMilliseconds)
            if ready < 0 && errno != EINTR { break }
            if descriptors[1].revents != 0 { break }
            if ready > 0 && descriptors[0].revents != 0 {
                handleEvents(inotify, &events)
            } else if ready == 0 {
                rescan()
            }
        }
        files.removeAll()
    }

    /// Reads all pending inotify events and processes each named watched file once, in order.
    private func handleEvents(_ inotify: Int32, _ events: inout [UInt8]) {
        var paths: [String] = []
        var seen: Set<String> = []
        var overflow = false
        while true {
            let count = events.withUnsafeMutableBytes { Glibc.read(inotify, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            events.withUnsafeBytes { raw in
                var offset = 0
                while offset + 16 <= count {
                    let watch = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameBytes = raw[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }
                    offset += 16 + length
                    if mask & UInt32(IN_Q_OVERFLOW) != 0 { overflow = true }
                    guard let folder = watches[watch], !nameBytes.isEmpty else { continue }
                    let name = String(decoding: nameBytes, as: UTF8.self)
                    guard FolderWatcher.isWatched(name) else { continue }
                    let path = folder + "/" + name
                    if seen.insert(path).inserted { paths.append(path) }
                }
            }
        }
        for path in paths { process(path) }
        if overflow { rescan() }
        orphans.removeAll()
    }

    /// Looks at every watched file in the folders and every file already open.
    private func rescan() {
        var paths = Set(files.keys)
        for folder in folders {
            guard let stream = opendir(folder) else { continue }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if FolderWatcher.isWatched(name) { paths.insert(folder + "/" + name) }
            }
            closedir(stream)
        }
        for path in paths.sorted() { process(path) }
        orphans.removeAll()
    }

    /// Brings one path up to date: notices rotation, deletion and truncation, then reads new lines.
    private func process(_ path: String) {
        var info = stat()
        let exists = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        let inode = UInt64(info.st_ino)
        if let file = files[path], !exists || file.inode != inode {
            read(file)  // the rest of the old file, through its open descriptor
            files[path] = nil
            orphans[file.inode] = file
            if exists { onNotice(.rotated(path: path, oldInode: file.inode, newInode: inode)) }
        }
        guard exists else { return }
        if files[path] == nil {
            if let adopted = orphans.removeValue(forKey: inode) ?? files.values.first(where: { $0.inode == inode && $0.path != path }) {
                files[adopted.path] = nil
                adopted.renamed(to: path)
                files[path] = adopted
            } else {
                do {
                    files[path] = try WatchedFile(path: path, offset: startOffset(path: path, inode: inode))
                } catch {
                    onNotice(.failed(path: path, message: error.description))
                    return
                }
            }
        }
        read(files[path]!)
    }

    /// The recovered offset for a newly seen file: its own position if the inode matches, else a
    /// position of the same inode under another name, else 0 (reporting a rotation while stopped).
    private func startOffset(path: String, inode: UInt64) -> UInt64 {
        if let own = positions[path] {
            positions[path] = nil
            if own.inode == inode { return own.offset }
            onNotice(.rotated(path: path, oldInode: own.inode, newInode: inode))
        }
        if let (otherPath, other) = positions.first(where: { $0.value.inode == inode }) {
            positions[otherPath] = nil
            return other.offset
        }
        return 0
    }

    private func read(_ file: WatchedFile) {
        do {
            if let (previous, size) = try file.restartIfTruncated() {
                onNotice(.truncated(path: file.path, previousOffset: previous, size: size))
            }
            try file.readNewLines(maxBatchBytes: maxBatchBytes, deliver: onBatch)
        } catch {
            onNotice(.failed(path: file.path, message: error.description))
        }
    }
}
