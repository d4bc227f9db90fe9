import PulseStore

/// The push tick: every `interval` it takes the store's changes and publishes them through the
/// hub (nothing is sent when nothing changed). A long-running task that ends on cancellation.
public struct Publisher: Sendable {
    public let hub: Hub
    public let interval: Duration
    public let clock: @Sendable () -> Double

    public init(hub: Hub, interval: Duration, clock: @escaping @Sendable () -> Double) {
        self.hub = hub
        self.interval = interval
        self.clock = clock
    }

    /// Runs until the task is cancelled.
    public func run() async {
        let continuous = ContinuousClock()
        var deadline = continuous.now + interval
        while !Task.isCancelled {
            do { try await continuous.sleep(until: deadline) } catch { return }
            deadline = max(deadline + interval, continuous.now)
            let started = continuous.now
            if let changes = await hub.store.takeChanges(now: clock()) {
                hub.publish(changes)
            }
            let elapsed = continuous.now - started
            hub.metrics.observeTick(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
    }
}
