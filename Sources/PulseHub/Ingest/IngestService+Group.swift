import PulseAnalytics
import PulseStore

extension IngestService {
    /// The outcome of each request of a group, in order, once it is known (see `stage(group:)`).
    public typealias GroupOutcomes = @Sendable () async -> [Result<IngestReceipt, any Error>]

    /// Ingests the bodies of several requests as one group, each all or nothing exactly as
    /// `ingest(body:format:)` does: decoded, validated and scored here, one after the other, then
    /// handed to the log in one step (so the store applies them in this order and the WAL makes
    /// them durable together). Returns once the log has taken them; the returned function waits
    /// for their durability and gives each request its receipt or error (a rejection at once).
    public func stage(group bodies: [(body: [UInt8], format: PostDecoder.Format)]) async -> GroupOutcomes {
        var rejections = [(any Error)?](repeating: nil, count: bodies.count)
        var records: [(record: ScoredRecord, encoded: [UInt8])] = []
        var recordOf: [Int] = []  // the request of each record
        records.reserveCapacity(bodies.count)
        for (index, entry) in bodies.enumerated() {
            do {
                let posts = try decoder.decode(entry.body, format: entry.format)
                let record = await scorer.record(for: posts, acceptedAt: clock())
                records.append((record, record.encoded()))
                recordOf.append(index)
            } catch {
                metrics.reject(error.code)
                rejections[index] = error
            }
        }
        let postCounts = records.map(\.record.posts.count)
        let staged = records.isEmpty ? nil : await log.stage(records)
        let metrics = metrics
        return { [rejections, recordOf] in
            var outcomes = rejections.map { error in error.map { Result<IngestReceipt, any Error>.failure($0) } }
            for (position, outcome) in await (staged?.outcomes() ?? []).enumerated() {
                switch outcome {
                case .success(let receipt):
                    metrics.postsIngested.add(receipt.accepted, ordering: .relaxed)
                    metrics.duplicatesSkipped.add(receipt.duplicates, ordering: .relaxed)
                case .failure(let error):
                    metrics.reject(error is LogUnavailable ? "log_unavailable" : "storage_error", count: postCounts[position])
                }
                outcomes[recordOf[position]] = outcome
            }
            return outcomes.map { $0! }  // every request is either rejected or has a record
        }
    }
}
