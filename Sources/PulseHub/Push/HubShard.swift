import Synchronization

/// The subscribers of one transport service thread: their outboxes, the work that thread has to
/// pick up, and the transport to wake. Its lock is taken once per message written; the publisher
/// takes it once per delta for the whole shard. Shared by the hub and that service thread.
final class HubShard: Sendable {
    struct State {
        var subscribers: [UInt64: Subscriber] = [:]
        var work = TransportWork()

        /// Runs `body` on subscriber `id` in place (one lookup, its outbox never copied); nil when absent.
        mutating func withSubscriber<Result>(_ id: UInt64, _ body: (inout Subscriber) -> Result) -> Result? {
            guard let index = subscribers.index(forKey: id) else { return nil }
            return body(&subscribers.values[index])
        }
    }

    let state = Mutex(State())
    private let transport = Mutex<(any HubTransport)?>(nil)

    func attach(_ transport: (any HubTransport)?) { self.transport.withLock { $0 = transport } }

    func wake() { transport.withLock { $0?.wake() } }
}
