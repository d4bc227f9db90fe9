import Foundation
import PulseLWS
import Synchronization

/// What `pulse subscribe` was asked to do (parsed options). A value type.
struct SubscribeSettings: Sendable {
    var url: ClientURL
    var topics: [String]?
    var hashtags: [String] = []
    var keywords: [String] = []
    var since: (epoch: UInt64, offset: UInt64)?
    var token: String?
    var count: Int?
    var retries = 10
    var maxMessageBytes = 64 << 20
}

/// One `pulse subscribe` run: connects, subscribes, prints each server message as a line, and
/// on a dropped connection reconnects with exponential backoff and jitter, asking the server to
/// recover from the last printed offset. `run()` blocks its (dedicated) thread; `stop()` may be
/// called from any thread (SIGINT) and ends the run with exit code 0.
final class SubscribeSession: @unchecked Sendable {
    private enum Outcome {
        case exit(Int32)
        /// Reconnect; `subscribed` tells whether the server had accepted the subscription.
        case retry(reason: String, subscribed: Bool)
    }

    private let settings: SubscribeSettings
    private let output = LineOutput()
    private var tracker: SubscriptionTracker
    private let stopped = Atomic<Bool>(false)
    private let current = Mutex<LWSWebSocketClient?>(nil)
    private let wakeUp = DispatchSemaphore(value: 0)

    init(settings: SubscribeSettings) {
        self.settings = settings
        tracker = SubscriptionTracker(since: settings.since)
    }

    /// Ends the run: closes the connection (or cuts a backoff wait short). Any thread.
    func stop() {
        stopped.store(true, ordering: .releasing)
        current.withLock { $0?.close(code: 1000, reason: "subscriber stopping") }
        wakeUp.signal()
    }

    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    /// Runs until `--count` deltas were printed, `stop()`, standard output closes, the server
    /// refuses, or `retries` consecutive attempts failed. Returns the exit code.
    func run() -> Int32 {
        var failures = 0
        while !isStopped {
            let client = LWSWebSocketClient(url: settings.url, maxMessageBytes: settings.maxMessageBytes)
            current.withLock { $0 = client }
            if isStopped { return ExitCode.success }
            do {
                try client.connect()
            } catch {
                printError("pulse subscribe: \(error)")
                return ExitCode.failure
            }
            client.send(tracker.subscribeMessage(topics: settings.topics, hashtags: settings.hashtags,
                                                 keywords: settings.keywords, token: settings.token))
            switch consume(client) {
            case .exit(let code):
                return code
            case .retry(let reason, let subscribed):
                if isStopped { return ExitCode.success }
                failures = subscribed ? 1 : failures + 1
                guard failures <= settings.retries else {
                    printError("pulse subscribe: giving up after \(failures) failed attempt\(failures == 1 ? "" : "s"): \(reason)")
                    return ExitCode.failure
                }
                let delay = Self.backoff(attempt: failures)
                Log.warning("\(reason); reconnecting in \(String(format: "%.2f", delay)) s (attempt \(failures) of \(settings.retries))")
                _ = wakeUp.wait(timeout: .now() + delay)
            }
        }
        return ExitCode.success
    }

    /// Full-jitter exponential backoff: between half and all of 0.25 s × 2^(attempt−1), at most 10 s.
    static func backoff(attempt: Int) -> Double {
        let ceiling = min(10, 0.25 * pow(2, Double(min(attempt, 16) - 1)))
        return Double.random(in: ceiling / 2...ceiling)
    }

    private func consume(_ client: LWSWebSocketClient) -> Outcome {
        let confirmedBefore = tracker.subscriptionsConfirmed
        var subscribed: Bool { tracker.subscriptionsConfirmed > confirmedBefore }
        while let event = client.next() {
            switch event {
            case .opened:
                Log.info("connected to \(settings.url)")
            case .message(let bytes):
                let lines: [[UInt8]]
                do {
                    lines = try tracker.lines(for: bytes)
                } catch {
                    Log.warning("ignoring a server message that is not JSON (\(error))")
                    continue
                }
                for line in lines where !output.write(line: line) {
                    client.close()
                    return .exit(ExitCode.success)
                }
                if let count = settings.count, tracker.deltasPrinted >= count {
                    client.close()
                    return .exit(ExitCode.success)
                }
            case .closed(let code, let reason):
                if isStopped { return .exit(ExitCode.success) }
                let text = "connection closed with \(code)\(reason.isEmpty ? "" : " (\(reason))")"
                if Self.isRefusal(code) {
                    let hint = code == 1009 && reason.hasPrefix("message over") ? " (see --max-message-bytes)" : ""
                    printError("pulse subscribe: \(text)\(hint); not retrying")
                    return .exit(ExitCode.failure)
                }
                return .retry(reason: text, subscribed: subscribed)
            case .failed(let reason, let status):
                if isStopped { return .exit(ExitCode.success) }
                if let status, (400..<500).contains(status) {
                    printError("pulse subscribe: the server refused: \(reason)")
                    return .exit(ExitCode.failure)
                }
                return .retry(reason: "cannot connect to \(settings.url): \(reason)", subscribed: false)
            }
        }
        return .retry(reason: "connection ended", subscribed: subscribed)
    }

    /// Close codes that reconnecting would not cure: a bad request, a message too large, policy.
    private static func isRefusal(_ code: Int) -> Bool {
        switch code {
        case 1002, 1003, 1007, 1008, 1009, 1010: return true
        case 4008: return false
        case 4000..<5000: return true
        default: return false
        }
    }
}
