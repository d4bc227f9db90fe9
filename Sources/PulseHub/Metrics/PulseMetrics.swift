import Synchronization

/// The hub's counters and gauges, written from any thread (atomics and a small lock) and
/// rendered in Prometheus text format by `GET /metrics`.
public final class PulseMetrics: Sendable {
    public let postsIngested = Atomic<Int>(0)
    public let duplicatesSkipped = Atomic<Int>(0)
    public let requestsServed = Atomic<Int>(0)
    public let webSocketConnections = Atomic<Int>(0)
    /// Connections the service threads hold a record for (HTTP, WebSocket and event stream).
    public let openConnections = Atomic<Int>(0)
    public let messagesSent = Atomic<Int>(0)
    public let bytesSent = Atomic<Int>(0)
    public let slowConsumerDisconnects = Atomic<Int>(0)
    private let rejections = Mutex<[String: Int]>([:])
    private let tickDurations = Mutex(Histogram(bounds: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25]))

    public init() {}

    /// Counts a refused post or request under its reason (`malformed_json`, `too_large`, ...).
    public func reject(_ reason: String, count: Int = 1) {
        rejections.withLock { $0[reason, default: 0] += count }
    }

    public func rejected(_ reason: String) -> Int { rejections.withLock { $0[reason, default: 0] } }

    /// Records how long one push tick took, in seconds.
    public func observeTick(seconds: Double) { tickDurations.withLock { $0.observe(seconds) } }

    /// Prometheus text exposition format, version 0.0.4.
    /// `extraCounters` come after the hub's own counters (e.g. the WAL's), `extraGauges` after its gauges.
    public func render(extraCounters: [(name: String, help: String, value: UInt64)] = [],
                       extraGauges: [(name: String, help: String, value: Double)] = [], subscribersByThread: [Int] = []) -> String {
        var text = ""
        func counter(_ name: String, _ help: String, _ value: some BinaryInteger) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) counter\n\(name) \(value)\n"
        }
        counter("pulse_posts_ingested_total", "Posts accepted and applied.", postsIngested.load(ordering: .relaxed))
        counter("pulse_posts_duplicate_total", "Posts skipped because their id was seen before.", duplicatesSkipped.load(ordering: .relaxed))
        counter("pulse_http_requests_total", "HTTP requests answered.", requestsServed.load(ordering: .relaxed))
        text += "# HELP pulse_rejected_total Requests or posts refused, by reason.\n# TYPE pulse_rejected_total counter\n"
        for (reason, count) in rejections.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
            text += "pulse_rejected_total{reason=\"\(reason)\"} \(count)\n"
        }
        text += "# HELP pulse_websocket_connections Open WebSocket connections.\n# TYPE pulse_websocket_connections gauge\n"
        text += "pulse_websocket_connections \(webSocketConnections.load(ordering: .relaxed))\n"
        text += "# HELP pulse_open_connections Connections held by the service threads (any kind).\n# TYPE pulse_open_connections gauge\n"
        text += "pulse_open_connections \(openConnections.load(ordering: .relaxed))\n"
        counter("pulse_ws_messages_sent_total", "WebSocket messages written.", messagesSent.load(ordering: .relaxed))
        counter("pulse_ws_bytes_sent_total", "WebSocket payload bytes written.", bytesSent.load(ordering: .relaxed))
        counter("pulse_slow_consumer_disconnects_total", "Subscribers closed with 4008 for exceeding their outbox.",
                slowConsumerDisconnects.load(ordering: .relaxed))
        for extra in extraCounters { counter(extra.name, extra.help, extra.value) }
        for gauge in extraGauges {
            text += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n\(gauge.name) \(gauge.value)\n"
        }
        if !subscribersByThread.isEmpty {
            text += "# HELP pulse_thread_subscribers Subscribers (WebSocket and event stream) connected, by service thread.\n"
            text += "# TYPE pulse_thread_subscribers gauge\n"
            for (thread, count) in subscribersByThread.enumerated() { text += "pulse_thread_subscribers{thread=\"\(thread)\"} \(count)\n" }
        }
        text += tickDurations.withLock { $0.render(name: "pulse_push_tick_seconds", help: "Time to build and queue one push tick.") }
        return text
    }
}

/// A Prometheus histogram with fixed upper bounds. A value type kept under a lock.
struct Histogram: Sendable {
    let bounds: [Double]
    var bucketCounts: [Int]
    var sum = 0.0
    var count = 0

    init(bounds: [Double]) {
        self.bounds = bounds
        bucketCounts = Array(repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        for (index, bound) in bounds.enumerated() where value <= bound { bucketCounts[index] += 1 }
        sum += value
        count += 1
    }

    func render(name: String, help: String) -> String {
        var text = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for (bound, bucketCount) in zip(bounds, bucketCounts) { text += "\(name)_bucket{le=\"\(bound)\"} \(bucketCount)\n" }
        text += "\(name)_bucket{le=\"+Inf\"} \(count)\n\(name)_sum \(sum)\n\(name)_count \(count)\n"
        return text
    }
}
