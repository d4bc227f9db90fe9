import Foundation
import PulseHub
import PulseTesting

/// A load client for cluster tests: from a thread of its own, posts batches of posts with ids
/// `PREFIX-N` to one node (its port asked for each connection, so a restarted node is found)
/// until `stop()`, and keeps what became of every batch: the ids that got a 202, the ids whose
/// answer was anything else or never came, and those other answers. A lock guards its record
/// (the poster thread writes it, the test thread reads it).
final class ClusterLoad: @unchecked Sendable {
    /// An answer other than 202, or a failure to get one.
    struct Refusal: CustomStringConvertible {
        var status: Int?
        var error: String?
        var retryAfter: String?
        var failure: String?
        var description: String {
            failure.map { "no answer: \($0)" } ?? "\(status ?? 0) \(error ?? "-") Retry-After: \(retryAfter ?? "none")"
        }
    }

    /// What the poster did so far.
    struct Record {
        var acknowledged: [String] = []
        var acknowledgedBatches = 0
        var unacknowledged: [String] = []
        var refusals: [Refusal] = []
    }

    let prefix: String
    let batchSize: Int
    private let port: @Sendable () -> Int
    private let lock = NSLock()
    private var record = Record()
    private var stopRequested = false
    private let finished = DispatchSemaphore(value: 0)

    init(prefix: String, batchSize: Int, port: @escaping @Sendable () -> Int) {
        self.prefix = prefix
        self.batchSize = batchSize
        self.port = port
    }

    /// The JSON array of the posts with these ids (the same body each time an id is sent).
    static func body(_ ids: some Sequence<String>) -> String {
        "[" + ids.map(post).joined(separator: ",") + "]"
    }

    /// The post with `id`: a text that varies with the id's number (sentiment, hashtags).
    static func post(_ id: String) -> String {
        let texts = ["great launch today, love it #swift #launch", "this outage is terrible and slow #outage",
                     "meeting notes for the team #work", "wonderful sunny weekend #weekend #happy",
                     "worst update ever, broken again #outage #bug", "new cluster mode on redis #swift #redis"]
        let number = Int(id.split(separator: "-").last ?? "") ?? id.count
        return #"{"id":"\#(id)","text":"\#(texts[number % texts.count]) \#(id)","likes":\#(number % 17)}"#
    }

    var snapshot: Record { lock.withLock { record } }

    /// Starts posting on a new thread.
    func start() {
        Thread.detachNewThread { [self] in
            postUntilStopped()
            finished.signal()
        }
    }

    /// Asks the poster to stop, waits for its last request to end, and returns the record.
    func stop() -> Record {
        lock.withLock { stopRequested = true }
        finished.wait()
        return snapshot
    }

    /// Waits until `condition` holds for the record (polled every 5 ms) or `timeout` passes.
    func wait(timeout: Double = 20, until condition: (Record) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(snapshot) { return true }
            usleep(5_000)
        }
        return condition(snapshot)
    }

    private func postUntilStopped() {
        var client: TestHTTPClient?
        var next = 0
        while !lock.withLock({ stopRequested }) {
            let ids = (next..<next + batchSize).map { "\(prefix)-\($0)" }
            next += batchSize
            var refusal: Refusal?
            do {
                if client == nil { client = try TestHTTPClient(port: port()) }
                // Longer than the node's own 10 s wait for an entry to come back from the stream.
                let response = try client!.request("POST", "/api/posts", headers: [("Content-Type", "application/json")],
                                                   body: Array(Self.body(ids).utf8), timeout: 30)
                if response.status != 202 {
                    refusal = Refusal(status: response.status, error: response.json?["error"]?.stringValue,
                                      retryAfter: response.headers["retry-after"])
                }
            } catch {
                client = nil
                refusal = Refusal(failure: "\(error)")
            }
            lock.withLock {
                if let refusal {
                    record.unacknowledged += ids
                    record.refusals.append(refusal)
                } else {
                    record.acknowledged += ids
                    record.acknowledgedBatches += 1
                }
            }
            // Paces retries while a node refuses (Redis down), so the poster does not spin.
            usleep(refusal == nil ? 1_000 : 20_000)
        }
    }
}
