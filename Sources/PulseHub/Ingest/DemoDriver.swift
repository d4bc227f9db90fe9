import PulseAnalytics

/// Feeds the demo stream through the ingest pipeline at a steady rate (posts per second),
/// in small batches every 50 ms. A long-running task that ends on cancellation.
public struct DemoDriver: Sendable {
    public let ingest: IngestService
    public let rate: Double
    public let seed: UInt64
    public let clock: @Sendable () -> Double

    public init(ingest: IngestService, rate: Double, seed: UInt64, clock: @escaping @Sendable () -> Double) {
        self.ingest = ingest
        self.rate = rate
        self.seed = seed
        self.clock = clock
    }

    public func run() async {
        var feed = DemoFeed(seed: seed, startTime: clock(), postsPerSecond: rate)
        // Ids carry the start time, so a restarted demo is not taken for duplicates of the last run.
        let run = Int(clock())
        let step = Duration.milliseconds(50)
        var owed = 0.0
        let continuous = ContinuousClock()
        var deadline = continuous.now
        while !Task.isCancelled {
            deadline += step
            do { try await continuous.sleep(until: deadline) } catch { return }
            owed += rate * 0.05
            let count = Int(owed)
            owed -= Double(count)
            guard count > 0 else { continue }
            let now = clock()
            let posts = (0..<count).map { _ in
                var post = feed.next().post
                post.createdAt = now
                post.id = post.id.map { "\($0)-r\(run)" }
                return post
            }
            _ = try? await ingest.ingest(posts)
        }
    }
}
