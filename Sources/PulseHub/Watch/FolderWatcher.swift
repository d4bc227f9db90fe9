import Dispatch
import Foundation
import PulseAnalytics
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Watches folders for `*.jsonl`, `*.ndjson` and `*.csv` files with inotify and hands their new
/// complete lines to a callback, exactly once given that the caller persists each batch's
/// `position` together with what it made of the lines and passes the recovered positions back in.
///
/// Thread ownership: a `Sendable` class whose reading state lives on one dedicated watcher thread
/// (started by `start()`, ended by `stop()`). Both callbacks run on that thread, one at a time;
/// `onBatch` may block (e.g. until the WAL acknowledged the posts) and returns false to have the
/// same lines offered again at the next rescan (e.g. when the log refuses writes).
///
/// Behaviour: files already present are read at start (from their recovered position when the
/// inode matches, else from byte 0); appends are read when inotify reports them, and every
/// `rescanInterval` all folders are checked anyway. A partial last line waits for its newline. A
/// file shorter than its offset was truncated (`WatchNotice.truncated`, read again from 0); a path
/// naming a new inode was rotated (the old file is read to its end through the still-open
/// descriptor, then the new one from 0). A file renamed to another watched name keeps its
/// offset. Sub-folders are not watched. Limitation: a file truncated and then refilled beyond
/// the old offset between two looks cannot be told from an append.
public final class FolderWatcher: Sendable {
    /// The file name endings that are watched.
    public static let watchedSuffixes = [".jsonl", ".ndjson", ".csv"]

    /// The folders, without trailing slashes; batch paths are `folder + "/" + name`.
    public let directories: [String]
    private let inotify: Int32
    /// A pipe: writing to `wakeWriter` makes `wake` readable, which stops the thread.
    private let wake: Int32
    private let wakeWriter: Int32
    private let finished = DispatchSemaphore(value: 0)
    private let started = Mutex(false)
    private let loop: WatchLoop

    /// Sets up inotify watches on `directories` (which must exist).
    /// - Parameters:
    ///   - positions: recovered positions by path (`folder/name`); a position whose inode matches
    ///     a file under another watched name is used for it too (renamed while stopped).
    ///   - maxBatchBytes: about how many bytes of lines one batch holds.
    public init(
        directories: [String], positions: [String: WatchPosition] = [:], rescanInterval: Double = 1.0,
        maxBatchBytes: Int = 1 << 20,
        onBatch: @escaping @Sendable (WatchBatch) -> Bool,
        onNotice: @escaping @Sendable (WatchNotice) -> Void = { _ in }
    ) throws(WatchError) {
        let folders = directories.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else { throw WatchError.system("inotify_init1", folders.joined(separator: ", ")) }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            close(inotify)
            throw WatchError.system("pipe", "")
        }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        wake = pipeEnds[0]
        wakeWriter = pipeEnds[1]
        let mask = UInt32(IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE)
        var watches: [Int32: String] = [:]
        for folder in folders {
            let watch = inotify_add_watch(inotify, folder, mask | UInt32(IN_ONLYDIR))
            guard watch >= 0 else {
                let error = WatchError.system("inotify_add_watch", folder)
                close(inotify)
                close(wake)
                close(wakeWriter)
                throw error
            }
            watches[watch] = folder
        }
        self.directories = folders
        loop = WatchLoop(folders: folders, watches: watches, positions: positions, maxBatchBytes: maxBatchBytes,
                         rescanMilliseconds: Int32(max(rescanInterval, 0.01) * 1000), onBatch: onBatch, onNotice: onNotice)
    }

    deinit {
        close(inotify)
        close(wake)
        close(wakeWriter)
    }

    /// Starts the watcher thread: reads what is already there, then follows changes.
    public func start() {
        guard started.withLock({ wasStarted in defer { wasStarted = true }; return !wasStarted }) else { return }
        let thread = Thread { [self] in
            DedicatedThread.nameCurrentThread("pulse-watcher")
            loop.run(inotify: inotify, wake: wake)
            finished.signal()
        }
        thread.start()
    }

    /// Starts the watcher thread and returns when it has ended (after `requestStop()`).
    public func run() async {
        start()
        await DedicatedThread.run("pulse-watch-join") { [finished] in
            finished.wait()
            finished.signal()
        }
    }

    /// Asks the watcher thread to end after the current callback, without waiting. Any thread.
    public func requestStop() {
        var one: UInt8 = 1
        _ = write(wakeWriter, &one, 1)
    }

    /// Stops the watcher thread and waits for it (the current callback finishes first); for
    /// threads that may block. Does nothing if it was never started; idempotent.
    public func stop() {
        guard started.withLock({ $0 }) else { return }
        requestStop()
        finished.wait()
        finished.signal()
    }

    /// True when `name` ends with one of `watchedSuffixes` and is not hidden.
    public static func isWatched(_ name: String) -> Bool {
        !name.hasPrefix(".") && watchedSuffixes.contains { name.hasSuffix($0) }
    }
}
