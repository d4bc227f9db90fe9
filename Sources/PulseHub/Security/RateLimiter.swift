/// Per-client token buckets: each key (a client address) may take `rate` tokens a second on
/// average and `burst` at once. Owned by one thread (the transport's service thread).
public struct RateLimiter: Sendable {
    public let rate: Double
    public let burst: Double
    private var buckets: [String: (tokens: Double, time: Double)] = [:]

    /// `rate` 0 turns the limiter off.
    public init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = max(1, burst)
    }

    /// Takes one token for `key` at time `now` (seconds). Nil when allowed; otherwise the seconds
    /// until a token will be available (for `Retry-After`).
    public mutating func take(_ key: String, now: Double) -> Double? {
        guard rate > 0 else { return nil }
        var bucket = buckets[key] ?? (burst, now)
        bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.time) * rate)
        bucket.time = now
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            buckets[key] = bucket
            if buckets.count > 50_000 { forgetFull(now: now) }
            return nil
        }
        buckets[key] = bucket
        return (1 - bucket.tokens) / rate
    }

    /// Drops buckets that have refilled completely (they hold no information).
    private mutating func forgetFull(now: Double) {
        buckets = buckets.filter { $0.value.tokens + (now - $0.value.time) * rate < burst }
    }
}
