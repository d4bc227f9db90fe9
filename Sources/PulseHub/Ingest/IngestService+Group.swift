import PulseAnalytics
import PulseStore

extension IngestService {
    /// Ingests the bodies of several requests as one group, each all or nothing exactly as
    /// `ingest(body:format:)` does: decoded, validated and scored here, one after the other, then
    /// handed to the log in one step (so the store applies them in this order and the WAL makes
    /// them durable together). Returns once the log has taken them. `completion` is called once
    /// per request with its index: at once with its rejection for a bad one (it does not wait
    /// for the others' fsync), and with its receipt or the log's error once durable for the
    /// others (on the thread that learns it, see `IngestLog.stage`).
    public func stage(group bodies: [(body: [UInt8], format: PostDecoder.Format)],
                      completion: @escaping @Sendable (Int, Result<IngestReceipt, any Error>) -> Void) async {
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
                completion(index, .failure(error))
            }
        }
        guard !records.isEmpty else { return }
        let postCounts = records.map(\.record.posts.count)
        let metrics = metrics
        await log.stage(records) { [recordOf] logged in
            for (position, outcome) in logged.enumerated() {
                switch outcome {
                case .success(let receipt):
                    metrics.postsIngested.add(receipt.accepted, ordering: .relaxed)
                    metrics.duplicatesSkipped.add(receipt.duplicates, ordering: .relaxed)
                case .failure(let error):
                    metrics.reject(error is LogUnavailable ? "log_unavailable" : "storage_error", count: postCounts[position])
                }
                completion(recordOf[position], outcome)
            }
        }
    }
}
