import Synchronization

/// The subscribers of one transport service thread: their outboxes, the work that thread has to
/// pick up, and the transport to wake. Its lock is taken once per message written; the publisher
/// takes it once per delta for the whole shard. Shared by the hub and that service thread.
final class HubShard: Sendable {
    struct State {
        var subscribers: [UInt64: Subscriber] = [:]
        /// The subscribers' distinct keys (`Subscriber.keySlot` indexes it).
        var keys = SubscriptionKeyTable()
        var work = TransportWork()

        /// Runs `body` on subscriber `id` in place (one lookup, its outbox never copied); nil when absent.
        mutating func withSubscriber<Result>(_ id: UInt64, _ body: (inout Subscriber) -> Result) -> Result? {
            guard let index = subscribers.index(forKey: id) else { return nil }
            return body(&subscribers.values[index])
        }

        /// Gives subscriber `id` its key (releasing the one it had).
        mutating func setKey(_ key: SubscriptionKey, of id: UInt64) {
            guard let index = subscribers.index(forKey: id) else { return }
            if let old = subscribers.values[index].keySlot { keys.release(old) }
            subscribers.values[index].keySlot = keys.retain(key)
        }

        /// Forgets subscriber `id` and releases its key.
        mutating func remove(_ id: UInt64) -> Subscriber? {
            guard let removed = subscribers.removeValue(forKey: id) else { return nil }
            if let slot = removed.keySlot { keys.release(slot) }
            return removed
        }
    }

    let state = Mutex(State())
    private let transport = Mutex<(any HubTransport)?>(nil)

    func attach(_ transport: (any HubTransport)?) { self.transport.withLock { $0 = transport } }

    func wake() { transport.withLock { $0?.wake() } }
}
