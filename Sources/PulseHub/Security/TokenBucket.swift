/// One token bucket: `rate` tokens a second on average, `burst` at once. A value owned by
/// whoever holds it (a connection's record, or `RateLimiter` under its owner's lock).
public struct TokenBucket: Sendable {
    public let rate: Double
    public let burst: Double
    private(set) var tokens: Double
    private(set) var time: Double

    /// `rate` 0 turns the bucket off (every take succeeds).
    public init(rate: Double, burst: Double, now: Double) {
        self.rate = rate
        self.burst = max(1, burst)
        tokens = self.burst
        time = now
    }

    /// Takes one token at time `now` (seconds). Nil when allowed; otherwise the seconds until a
    /// token will be available (for `Retry-After`).
    public mutating func take(now: Double) -> Double? {
        guard rate > 0 else { return nil }
        tokens = min(burst, tokens + max(0, now - time) * rate)
        time = now
        guard tokens < 1 else {
            tokens -= 1
            return nil
        }
        return (1 - tokens) / rate
    }

    /// True when the bucket would be full at `now` (it then holds no information).
    public func isFull(at now: Double) -> Bool { tokens + (now - time) * rate >= burst }
}
