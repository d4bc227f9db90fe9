import Foundation
import PulseHub
import PulseLWS
import Synchronization

/// What `pulse post` was asked to do (parsed options). A value type.
struct PostSettings: Sendable {
    var url: ClientURL
    var batchSize = 500
    var rate: Double?
    var token: String?
    var retries = 10
}

/// One `pulse post` run: reads posts from its source, sends them in NDJSON batches, and keeps
/// the tally. A post the hub refuses is recorded with its line and reason and taken out of its
/// batch, and the rest is sent again (the hub applies a request all or nothing). 413 splits a
/// batch; 429, 503, 5xx and connection failures are retried with backoff (`Retry-After` when
/// given). `run()` blocks its dedicated thread; `stop()` (SIGINT) may come from any thread.
final class PostUploader: @unchecked Sendable {
    private struct Fatal: Error { let message: String }

    private let settings: PostSettings
    private var source: PostSource
    private let client: HTTPClient
    private let progress = ProgressLine()
    private var tally = PostTally()
    private var dispatched = 0
    private let started = Date()
    private let stopped = Atomic<Bool>(false)
    private let wakeUp = DispatchSemaphore(value: 0)

    init(settings: PostSettings, source: PostSource) {
        self.settings = settings
        self.source = source
        client = HTTPClient(url: settings.url)
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        wakeUp.signal()
    }

    /// Sends everything; prints the summary on stdout. Exit code 0 only when nothing was refused.
    func run() -> Int32 {
        var failure: String?
        do {
            var batch: [SourcePost] = []
            batch.reserveCapacity(settings.batchSize)
            while true {
                if stopped.load(ordering: .acquiring) { throw Fatal(message: "interrupted") }
                do {
                    while batch.count < effectiveBatchSize, let post = try source.next() {
                        batch.append(post)
                        tally.sent += 1
                    }
                } catch {
                    throw Fatal(message: "\(error)")
                }
                if batch.isEmpty { break }
                pace(batch.count)
                try deliver(batch)
                batch.removeAll(keepingCapacity: true)
                progress.update(tally, since: started, final: false)
            }
        } catch let error as Fatal {
            failure = error.message
        } catch {
            failure = "\(error)"
        }
        progress.update(tally, since: started, final: true)
        if let failure { printError("pulse post: \(failure)") }
        _ = LineOutput().write(line: tally.summary(seconds: Date().timeIntervalSince(started), error: failure))
        return failure == nil && tally.rejected == 0 ? ExitCode.success : ExitCode.failure
    }

    /// With `--rate`, batches shrink so that about five requests go out per second.
    private var effectiveBatchSize: Int {
        guard let rate = settings.rate else { return settings.batchSize }
        return max(1, min(settings.batchSize, Int(rate / 5)))
    }

    private func deliver(_ batch: [SourcePost]) throws {
        var posts = batch
        var attempt = 0
        while !posts.isEmpty {
            let response: HTTPClient.Response
            do {
                tally.requests += 1
                response = try client.send(method: "POST", path: settings.url.path, headers: headers, body: body(of: posts))
            } catch {
                try wait(attempt: &attempt, reason: "\(error)", retryAfter: nil)
                continue
            }
            let answer = try? JSONParser.parse(response.body)
            switch response.status {
            case 200, 202:
                let accepted = Int(answer?["accepted"]?.numberValue ?? 0)
                let duplicates = Int(answer?["duplicates"]?.numberValue ?? 0)
                tally.accepted += accepted
                tally.duplicates += duplicates
                if accepted + duplicates != posts.count {
                    Log.warning("the hub counted \(accepted + duplicates) of \(posts.count) posts in one request")
                }
                return
            case 400:
                let error = answer?["error"]?.stringValue ?? "bad_request"
                let message = answer?["message"]?.stringValue ?? String(decoding: response.body.prefix(200), as: UTF8.self)
                let field = answer?["field"]?.stringValue
                if let index = answer?["index"]?.numberValue.map(Int.init), posts.indices.contains(index) {
                    tally.reject(.init(line: posts[index].line, error: error, field: field, message: message))
                    posts.remove(at: index)
                    attempt = 0
                } else {
                    for post in posts { tally.reject(.init(line: post.line, error: error, field: field, message: message)) }
                    return
                }
            case 413:
                if posts.count > 1 {
                    let half = posts.count / 2
                    try deliver(Array(posts[..<half]))
                    try deliver(Array(posts[half...]))
                } else {
                    tally.reject(.init(line: posts[0].line, error: answer?["error"]?.stringValue ?? "too_large", field: nil,
                                       message: answer?["message"]?.stringValue ?? "the post is larger than the hub accepts"))
                }
                return
            case 429, 503, 500..<600:
                let reason = "HTTP \(response.status)" + (answer?["error"]?.stringValue.map { " \($0)" } ?? "")
                try wait(attempt: &attempt, reason: reason, retryAfter: response.headers["retry-after"].flatMap(Double.init))
            case 401, 403:
                throw Fatal(message: "the hub refused the request: HTTP \(response.status) (check --token)")
            case 404, 405:
                throw Fatal(message: "no ingest endpoint at \(settings.url) (HTTP \(response.status))")
            default:
                throw Fatal(message: "unexpected answer HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
            }
        }
    }

    private var headers: [(String, String)] {
        var list = [("Content-Type", "application/x-ndjson")]
        if let token = settings.token { list.append(("Authorization", "Bearer \(token)")) }
        return list
    }

    private func body(of posts: [SourcePost]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(posts.reduce(0) { $0 + $1.json.count + 1 })
        for post in posts {
            bytes.append(contentsOf: post.json)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// Sleeps before retry `attempt` (Retry-After, capped at 60 s, or exponential backoff with
    /// jitter), or gives up after `settings.retries` consecutive attempts.
    private func wait(attempt: inout Int, reason: String, retryAfter: Double?) throws {
        attempt += 1
        tally.retries += 1
        guard attempt <= settings.retries else {
            throw Fatal(message: "giving up after \(attempt) attempt\(attempt == 1 ? "" : "s"): \(reason)")
        }
        let delay = retryAfter.map { min(max($0, 0), 60) } ?? SubscribeSession.backoff(attempt: attempt)
        Log.warning("\(reason); retrying in \(String(format: "%.2f", delay)) s (attempt \(attempt) of \(settings.retries))")
        if wakeUp.wait(timeout: .now() + delay) == .success || stopped.load(ordering: .acquiring) {
            throw Fatal(message: "interrupted")
        }
    }

    /// With `--rate`, waits until sending `count` more posts keeps the average at the rate.
    private func pace(_ count: Int) {
        defer { dispatched += count }
        guard let rate = settings.rate else { return }
        let due = started.addingTimeInterval(Double(dispatched) / rate)
        let delay = due.timeIntervalSinceNow
        if delay > 0 { _ = wakeUp.wait(timeout: .now() + delay) }
    }
}
