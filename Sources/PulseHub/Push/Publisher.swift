import PulseStore

/// The push tick: publishes the store's changes through the hub at most once per `interval`,
/// and as soon as something changed once an interval has passed since the previous delta (it
/// looks every `pollInterval`), so a post arriving into a quiet hub is pushed within a few
/// milliseconds instead of waiting for the next tick. Nothing is sent when nothing changed.
/// A long-running task that ends on cancellation.
public struct Publisher: Sendable {
    public let hub: Hub
    public let interval: Duration
    public let pollInterval: Duration
    public let clock: @Sendable () -> Double

    public init(hub: Hub, interval: Duration, pollInterval: Duration = .milliseconds(5), clock: @escaping @Sendable () -> Double) {
        self.hub = hub
        self.interval = interval
        self.pollInterval = min(pollInterval, interval)
        self.clock = clock
    }

    /// Runs until the task is cancelled.
    public func run() async {
        let continuous = ContinuousClock()
        var lastPublish = continuous.now - interval
        while !Task.isCancelled {
            do { try await continuous.sleep(for: pollInterval) } catch { return }
            let started = continuous.now
            guard started - lastPublish >= interval else { continue }
            guard let changes = await hub.store.takeChanges(now: clock()) else { continue }
            hub.publish(changes)
            lastPublish = started
            let elapsed = continuous.now - started
            hub.metrics.observeTick(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
    }
}
