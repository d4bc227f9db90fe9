/// Where an ingest batch is made durable and applied before its 202: on a single node the
/// store with its write-ahead log (`AnalyticsStore`), in a cluster the Redis Stream every node
/// applies (`ClusterIngestLog`). Chosen at start-up; called from any task.
public protocol IngestLog: Sendable {
    /// Records `record` (`encoded` is its `encoded()` bytes, made off any actor) and applies it;
    /// returns its receipt once it is durable and applied.
    /// - Throws: the log's error; then nothing was acknowledged.
    func commit(_ record: ScoredRecord, encoded: [UInt8]) async throws -> IngestReceipt

    /// Takes several records (each `encoded` as its `encoded()` bytes) in this order and returns
    /// once the log has them (the local WAL: queued in one step and applied); `completion` then
    /// gets, once and in order, each record's receipt when it is durable and applied, or the error
    /// that kept it from being acknowledged. It runs on whichever thread learns that (the WAL's
    /// writer thread): keep it short and never block in it.
    func stage(_ records: [(record: ScoredRecord, encoded: [UInt8])],
               completion: @escaping @Sendable ([Result<IngestReceipt, any Error>]) -> Void) async
}

extension IngestLog {
    /// By default each record is committed on its own, all at once, on a task.
    public func stage(_ records: [(record: ScoredRecord, encoded: [UInt8])],
                      completion: @escaping @Sendable ([Result<IngestReceipt, any Error>]) -> Void) async {
        Task {
            let outcomes = await withTaskGroup(of: (Int, Result<IngestReceipt, any Error>).self) { group in
                for (index, entry) in records.enumerated() {
                    group.addTask {
                        do { return (index, .success(try await commit(entry.record, encoded: entry.encoded))) }
                        catch { return (index, .failure(error)) }
                    }
                }
                var outcomes = [Result<IngestReceipt, any Error>?](repeating: nil, count: records.count)
                for await (index, outcome) in group { outcomes[index] = outcome }
                return outcomes.map { $0! }
            }
            completion(outcomes)
        }
    }
}

extension AnalyticsStore: IngestLog {
    public nonisolated func commit(_ record: ScoredRecord, encoded: [UInt8]) async throws -> IngestReceipt {
        try await ingestDurably(record, encoded: encoded)
    }

    /// Queues and applies the records in one actor step. The WAL's writer thread reports the
    /// group durable (once, for its last record) and calls `completion` itself: no task wakes
    /// up for it. After a disk error each record is asked separately, on a task, so every one
    /// gets exactly its own outcome.
    public nonisolated func stage(_ records: [(record: ScoredRecord, encoded: [UInt8])],
                                  completion: @escaping @Sendable ([Result<IngestReceipt, any Error>]) -> Void) async {
        let (taken, log) = await ingest(batch: records)
        let receipts = taken.map { $0.map(\.0).mapError { $0 as any Error } }
        guard let log, let last = taken.compactMap({ try? $0.get().1 }).max() else { return completion(receipts) }
        log.whenDurable(last) { error in
            guard error != nil else { return completion(receipts) }
            Task {
                var outcomes: [Result<IngestReceipt, any Error>] = []
                for outcome in taken {
                    do {
                        let (receipt, sequence) = try outcome.get()
                        if let sequence { try await log.waitUntilDurable(sequence) }
                        outcomes.append(.success(receipt))
                    } catch {
                        outcomes.append(.failure(error))
                    }
                }
                completion(outcomes)
            }
        }
    }
}

/// The cluster log could not take a batch (Redis unreachable, too few replicas, no answer in
/// time): nothing was acknowledged; the client may send it again (a repeat that did reach the
/// log counts as duplicates). A plain value; its description is the reason.
public struct LogUnavailable: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ reason: String) { description = reason }
}
