/// Counts and sums per time bucket (e.g. per second for 15 minutes, per minute for 24 hours)
/// over a sliding window kept in a fixed ring. A value type owned by the store actor; time is
/// passed in, never read from the clock, so a replay rebuilds the same series.
public struct BucketSeries: Sendable, Hashable {
    /// One bucket: its start (seconds since 1970), how many events and the sum of their values.
    public struct Point: Sendable, Hashable {
        public var start: Int
        public var count: Int
        public var sum: Double
    }

    public let bucketSeconds: Int
    private var counts: [Int]
    private var sums: [Double]
    /// Index (time / bucketSeconds) of the newest bucket the ring holds.
    private var newestBucket: Int = Int.min / 2

    public init(bucketSeconds: Int, buckets: Int) {
        self.bucketSeconds = max(1, bucketSeconds)
        counts = Array(repeating: 0, count: max(1, buckets))
        sums = Array(repeating: 0, count: max(1, buckets))
    }

    public var bucketCount: Int { counts.count }

    /// Adds `count` events whose values sum to `sum` at time `now`.
    public mutating func add(count: Int, sum: Double = 0, at now: Double) {
        let bucket = bucketIndex(now)
        advance(to: bucket)
        guard bucket > newestBucket - counts.count else { return }  // older than the window
        let slot = slot(bucket)
        counts[slot] += count
        sums[slot] += sum
    }

    /// Events in the `buckets` whole buckets before the one holding `now`.
    public func count(lastBuckets buckets: Int, before now: Double) -> Int {
        let current = bucketIndex(now)
        return ((current - buckets)..<current).reduce(0) { $0 + (holds($1) ? counts[slot($1)] : 0) }
    }

    /// The newest `buckets` buckets up to the one holding `now`, oldest first (empty ones included).
    public func points(last buckets: Int, upTo now: Double) -> [Point] {
        let current = bucketIndex(now)
        let span = max(1, min(buckets, counts.count))
        return ((current - span + 1)...current).map { bucket in
            holds(bucket) ? Point(start: bucket * bucketSeconds, count: counts[slot(bucket)], sum: sums[slot(bucket)])
                          : Point(start: bucket * bucketSeconds, count: 0, sum: 0)
        }
    }

    private mutating func advance(to bucket: Int) {
        guard bucket > newestBucket else { return }
        let steps = min(bucket - newestBucket, counts.count)
        for offset in 0..<steps {
            let cleared = slot(bucket - offset)
            counts[cleared] = 0
            sums[cleared] = 0
        }
        newestBucket = bucket
    }

    private func holds(_ bucket: Int) -> Bool { bucket <= newestBucket && bucket > newestBucket - counts.count }
    private func bucketIndex(_ time: Double) -> Int { Int((time / Double(bucketSeconds)).rounded(.down)) }
    private func slot(_ bucket: Int) -> Int { ((bucket % counts.count) + counts.count) % counts.count }
}
