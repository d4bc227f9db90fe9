import PulseHub
import Testing

@Suite struct RateLimiterTests {
    @Test func burstThenRate() {
        var limiter = RateLimiter(rate: 2, burst: 3)
        #expect(limiter.take("a", now: 100) == nil)
        #expect(limiter.take("a", now: 100) == nil)
        #expect(limiter.take("a", now: 100) == nil)
        let wait = limiter.take("a", now: 100)
        #expect(wait == 0.5)
        #expect(limiter.take("b", now: 100) == nil)  // per key
        #expect(limiter.take("a", now: 100.5) == nil)  // refilled one token
        #expect(limiter.take("a", now: 100.5) != nil)
        #expect(limiter.take("a", now: 110) == nil)  // capped at the burst
        #expect(limiter.take("a", now: 110) == nil)
        #expect(limiter.take("a", now: 110) == nil)
        #expect(limiter.take("a", now: 110) != nil)
    }

    @Test func zeroRateIsOff() {
        var limiter = RateLimiter(rate: 0, burst: 1)
        for _ in 0..<1000 { #expect(limiter.take("a", now: 0) == nil) }
    }
}
