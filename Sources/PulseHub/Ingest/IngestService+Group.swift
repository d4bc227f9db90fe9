import PulseAnalytics
import PulseStore

extension IngestService {
    /// Ingests the bodies of several requests as one group, each all or nothing exactly as
    /// `ingest(body:format:)` does: decoded, validated and scored here, one after the other, then
    /// handed to the log in one step (so the store applies them in this order and the WAL makes
    /// them durable together). Returns once the log has taken them; `completion` gets each
    /// request's receipt or error, in order, once durable (on the thread that learns it, see
    /// `IngestLog.stage`).
    public func stage(group bodies: [(body: [UInt8], format: PostDecoder.Format)],
                      completion: @escaping @Sendable ([Result<IngestReceipt, any Error>]) -> Void) async {
        var outcomes = [Result<IngestReceipt, any Error>?](repeating: nil, count: bodies.count)
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
                outcomes[index] = .failure(error)
            }
        }
        guard !records.isEmpty else { return completion(outcomes.map { $0! }) }
        let postCounts = records.map(\.record.posts.count)
        let metrics = metrics
        await log.stage(records) { [outcomes, recordOf] logged in
            var outcomes = outcomes
            for (position, outcome) in logged.enumerated() {
                switch outcome {
                case .success(let receipt):
                    metrics.postsIngested.add(receipt.accepted, ordering: .relaxed)
                    metrics.duplicatesSkipped.add(receipt.duplicates, ordering: .relaxed)
                case .failure(let error):
                    metrics.reject(error is LogUnavailable ? "log_unavailable" : "storage_error", count: postCounts[position])
                }
                outcomes[recordOf[position]] = outcome
            }
            completion(outcomes.map { $0! })  // every request is either rejected or has a record
        }
    }
}
