import PulseStore

/// The push tick, driven by the store's changes: it sleeps until the store signals a change,
/// waits until a tick (`interval`) has passed since the previous delta, then publishes what
/// changed through the hub. So a post arriving into a quiet hub is pushed at once, a busy hub
/// sends at most one delta per tick, and an idle hub does no work at all (no polling).
/// A long-running task that ends on cancellation.
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
        var lastPublish = continuous.now - interval
        for await _ in hub.store.changeSignals {
            do { try await continuous.sleep(until: lastPublish + interval) } catch { return }
            let started = continuous.now
            guard let changes = await hub.store.takeChanges(now: clock()) else { continue }
            hub.publish(changes)
            lastPublish = started
            let elapsed = continuous.now - started
            hub.metrics.observeTick(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
    }
}
