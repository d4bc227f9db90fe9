/// Per-client token buckets: each key (a client address) may take `rate` tokens a second on
/// average and `burst` at once. A value; its owner serialises access (the transport keeps it
/// under one lock shared by its service threads).
public struct RateLimiter: Sendable {
    public let rate: Double
    public let burst: Double
    private var buckets: [String: TokenBucket] = [:]

    /// `rate` 0 turns the limiter off.
    public init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = max(1, burst)
    }

    /// Takes one token for `key` at time `now` (seconds). Nil when allowed; otherwise the seconds
    /// until a token will be available (for `Retry-After`).
    public mutating func take(_ key: String, now: Double) -> Double? {
        guard rate > 0 else { return nil }
        let wait = buckets[key, default: TokenBucket(rate: rate, burst: burst, now: now)].take(now: now)
        if wait == nil, buckets.count > 50_000 { buckets = buckets.filter { !$0.value.isFull(at: now) } }
        return wait
    }
}
