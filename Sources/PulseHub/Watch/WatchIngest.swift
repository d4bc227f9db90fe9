import Dispatch
import Foundation
import PulseAnalytics
import PulseStore

/// Feeds the lines of watched folders into the ingest pipeline: each batch of new lines becomes
/// one WAL record holding the posts and the file's new offset, so a restart neither loses nor
/// repeats a line. Bad lines go, with their reason, to `DIR/.pulse-rejected/` and do not stop
/// the file. Owns a `FolderWatcher`; its callbacks run on the watcher's thread and block there
/// until the posts are durable.
public final class WatchIngest: Sendable {
    private let watcher: FolderWatcher

    /// - Parameters:
    ///   - positions: how far each file was read before (from the recovered state).
    ///   - csvColumns: CSV header name per post field (`text`, `id`, `hashtags`, `author`,
    ///     `platform`, `created_at`); other numeric columns become metrics.
    public init(directories: [String], positions: [String: IngestRecord.FilePosition], ingest: IngestService,
                csvColumns: [String: String], log: @escaping @Sendable (String) -> Void) throws {
        let watchPositions = positions.mapValues { WatchPosition(inode: $0.inode, offset: $0.offset) }
        watcher = try FolderWatcher(
            directories: directories, positions: watchPositions,
            onBatch: { batch in Self.ingest(batch, ingest: ingest, csvColumns: csvColumns, log: log) },
            onNotice: { log("watch: \($0)") })
    }

    /// Watches until `requestStop()`; returns when the watcher thread has ended.
    public func run() async { await watcher.run() }
    public func requestStop() { watcher.requestStop() }

    static func ingest(_ batch: WatchBatch, ingest: IngestService, csvColumns: [String: String],
                       log: @escaping @Sendable (String) -> Void) -> Bool {
        let isCSV = batch.path.hasSuffix(".csv")
        let header = isCSV ? batch.header.flatMap { try? CSVLine.fields($0) } : nil
        var posts: [Post] = []
        for line in batch.lines {
            do {
                posts.append(try isCSV ? CSVLine.post(line.bytes, header: header ?? [], columns: csvColumns, decoder: ingest.decoder)
                                       : ingest.decoder.post(from: try JSONParser.parse(line.bytes), index: line.number))
            } catch {
                let reason = (error as? PostDecoder.Rejection)?.message ?? "\(error)"
                ingest.metrics.reject("watched_line")
                do { try Quarantine.reject(line.bytes, number: line.number, reason: reason, fileAt: batch.path) } catch {
                    log("watch: cannot quarantine line \(line.number) of \(batch.path): \(error)")
                }
            }
        }
        let file = IngestRecord.FilePosition(path: batch.path, inode: batch.inode, offset: batch.newOffset)
        let done = DispatchSemaphore(value: 0)
        let succeeded = SendableFlag()
        Task {
            do {
                _ = try await ingest.ingest(posts, file: file)
                succeeded.set()
            } catch {
                log("watch: \(batch.path) not ingested yet (\(error)); will retry")
            }
            done.signal()
        }
        CooperativePool.assertNotInPool("WatchIngest's wait for the store")  // the watcher's own thread
        done.wait()
        return succeeded.isSet
    }
}

/// A thread-safe boolean set once.
final class SendableFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
