/// Reconnect back-off of one Redis thread: after each failure the next attempt waits twice as
/// long (from `initial` up to `maximum` milliseconds); a success resets it. Owned by that thread.
struct Backoff {
    let initial: Int
    let maximum: Int
    private(set) var current = 0
    /// When the next attempt may be made (monotonic clock, nanoseconds).
    private(set) var notBefore: UInt64 = 0

    init(initialMilliseconds: Int = 20, maximumMilliseconds: Int = 1000) {
        initial = initialMilliseconds
        maximum = maximumMilliseconds
    }

    /// True when an attempt is allowed now.
    var mayTry: Bool { MonotonicClock.nanoseconds() >= notBefore }

    /// Milliseconds until the next attempt is allowed (0 when allowed now).
    var millisecondsToWait: Int {
        let now = MonotonicClock.nanoseconds()
        return now >= notBefore ? 0 : Int((notBefore - now) / 1_000_000) + 1
    }

    mutating func failed() {
        current = current == 0 ? initial : min(current * 2, maximum)
        notBefore = MonotonicClock.nanoseconds() + UInt64(current) * 1_000_000
    }

    mutating func succeeded() {
        current = 0
        notBefore = 0
    }
}
