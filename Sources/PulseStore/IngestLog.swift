/// Where an ingest batch is made durable and applied before its 202: on a single node the
/// store with its write-ahead log (`AnalyticsStore`), in a cluster the Redis Stream every node
/// applies (`ClusterIngestLog`). Chosen at start-up; called from any task.
public protocol IngestLog: Sendable {
    /// Records `record` (`encoded` is its `encoded()` bytes, made off any actor) and applies it;
    /// returns its receipt once it is durable and applied.
    /// - Throws: the log's error; then nothing was acknowledged.
    func commit(_ record: ScoredRecord, encoded: [UInt8]) async throws -> IngestReceipt

    /// Takes several records (each `encoded` as its `encoded()` bytes) in this order; what is
    /// left to wait for comes back as `StagedRecords`. One call for a group of requests: the
    /// local WAL takes them in one step and applies them before returning.
    func stage(_ records: [(record: ScoredRecord, encoded: [UInt8])]) async -> StagedRecords
}

/// Records a log has taken, and the wait for their outcome: `outcomes()` returns, per record and
/// in order, its receipt once it is durable and applied, or the error that kept it from being
/// acknowledged. A value; call `outcomes()` once.
public struct StagedRecords: Sendable {
    public let outcomes: @Sendable () async -> [Result<IngestReceipt, any Error>]
    public init(outcomes: @escaping @Sendable () async -> [Result<IngestReceipt, any Error>]) { self.outcomes = outcomes }
}

extension IngestLog {
    /// By default each record is committed on its own, all at once, when the outcomes are awaited.
    public func stage(_ records: [(record: ScoredRecord, encoded: [UInt8])]) async -> StagedRecords {
        StagedRecords {
            await withTaskGroup(of: (Int, Result<IngestReceipt, any Error>).self) { group in
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
        }
    }
}

extension AnalyticsStore: IngestLog {
    public nonisolated func commit(_ record: ScoredRecord, encoded: [UInt8]) async throws -> IngestReceipt {
        try await ingestDurably(record, encoded: encoded)
    }

    /// Queues and applies the records in one actor step; the wait for the WAL happens off the
    /// actor, once for the group (for its last record) unless the log failed, when each record
    /// is asked separately, so every one gets exactly its own outcome.
    public nonisolated func stage(_ records: [(record: ScoredRecord, encoded: [UInt8])]) async -> StagedRecords {
        let (taken, log) = await ingest(batch: records)
        return StagedRecords {
            let last = taken.compactMap { try? $0.get().1 }.max()
            guard let log, let last else { return taken.map { $0.map(\.0).mapError { $0 } } }
            if (try? await log.waitUntilDurable(last)) != nil { return taken.map { $0.map(\.0).mapError { $0 } } }
            var outcomes: [Result<IngestReceipt, any Error>] = []
            for outcome in taken {
                switch outcome {
                case .success(let (receipt, sequence)):
                    do {
                        if let sequence { try await log.waitUntilDurable(sequence) }
                        outcomes.append(.success(receipt))
                    } catch {
                        outcomes.append(.failure(error))
                    }
                case .failure(let error):
                    outcomes.append(.failure(error))
                }
            }
            return outcomes
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
