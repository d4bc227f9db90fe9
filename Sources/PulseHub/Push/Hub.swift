import PulseStore
import Synchronization

/// The push side of Pulse: subscriptions, the bounded history of deltas, each subscriber's
/// outbox and the slow-consumer policy, for every transport service thread. Thread-safe:
/// subscribers live in one shard per service thread (a connection id names its thread), so a
/// service thread's `nextOutgoing` takes only its own shard's lock; the publisher task's
/// `publish` encodes a delta once per subscription key and hands it to every shard.
/// Lock order: the history lock, then a shard's.
public final class Hub: Sendable {
    /// Sizes and limits, from the `push` section of the configuration.
    public struct Configuration: Sendable {
        /// Deltas kept for epoch/offset recovery.
        public var historySize = 1024
        /// Encoded bytes of deltas kept for recovery (the oldest go first beyond it).
        public var historyBytes = 64 << 20
        /// Unsent bytes after which a subscriber is closed with 4008.
        public var outboxLimitBytes = 4 << 20
        /// Transport service threads (one shard each).
        public var serviceThreads = 1
        /// Whether deltas carry `stats.subscribers` (this node's count). Off in cluster mode,
        /// where delta N must have the same bytes on every node.
        public var subscribersInDeltas = true
        public init() {}
    }

    /// Identifies this run of the hub (in cluster mode: the cluster's log); offsets from another
    /// epoch cannot be recovered.
    public var epoch: UInt64 { epochValue.load(ordering: .acquiring) }
    private let epochValue: Atomic<UInt64>
    public let configuration: Configuration
    public let store: AnalyticsStore
    public let metrics: PulseMetrics
    /// Who may subscribe (see `WebSocketAccess`).
    public let access: WebSocketAccess
    let history: Mutex<HubHistory>
    let shards: [HubShard]
    let liveCount = Atomic<Int>(0)
    let clock: @Sendable () -> Double

    public init(store: AnalyticsStore, metrics: PulseMetrics, configuration: Configuration = Configuration(),
                epoch: UInt64 = UInt64.random(in: 1...(1 << 53)), access: WebSocketAccess = WebSocketAccess(),
                clock: @escaping @Sendable () -> Double) {
        self.access = access
        self.store = store
        self.metrics = metrics
        self.configuration = configuration
        epochValue = Atomic(epoch)
        self.clock = clock
        history = Mutex(HubHistory(capacity: configuration.historySize, maxBytes: configuration.historyBytes))
        shards = (0..<max(1, configuration.serviceThreads)).map { _ in HubShard() }
    }

    /// Takes the cluster's epoch (at start-up, before the hub is ready: subscribers that came
    /// earlier hold offsets of the old epoch, which recovery then refuses).
    public func adopt(epoch: UInt64) { epochValue.store(epoch, ordering: .releasing) }

    /// The id of connection `serial` of service thread `serviceThread`: the thread in the top byte.
    public static func connectionID(serviceThread: Int, serial: UInt64) -> UInt64 {
        UInt64(serviceThread) << 56 | (serial & (1 << 56 - 1))
    }

    func shard(_ id: UInt64) -> HubShard { shards[Int(id >> 56) % shards.count] }

    /// Attaches (or, with nil, detaches) the transport of service thread `serviceThread`.
    public func attach(_ transport: (any HubTransport)?, serviceThread: Int = 0) {
        shards[serviceThread].attach(transport)
    }

    /// Subscribers currently receiving deltas, on every service thread.
    public var subscriberCount: Int { liveCount.load(ordering: .relaxed) }

    /// Connected subscribers (live or not yet) per service thread.
    public var subscribersByServiceThread: [Int] { shards.map { $0.state.withLock { $0.subscribers.count } } }

    public func connect(_ id: UInt64) {
        shard(id).state.withLock { $0.subscribers[id] = Subscriber() }
    }

    public func disconnect(_ id: UInt64) {
        access.disconnected(id)
        let removed = shard(id).state.withLock { $0.remove(id) }
        if removed?.isLive == true { liveCount.subtract(1, ordering: .relaxed) }
    }

    /// Handles one complete text message from a client.
    public func receive(_ id: UInt64, _ bytes: [UInt8]) {
        let request: SubscriptionRequest
        do {
            request = try SubscriptionRequest.parse(bytes)
        } catch {
            metrics.reject("bad_subscribe")
            close(id, code: 4000, reason: error.reason)
            return
        }
        if let why = access.refusal(id, messageToken: request.token) {
            metrics.reject("unauthorized")
            close(id, code: 4001, reason: why)
            return
        }
        subscribe(id, request)
    }

    /// Asks the transport to close `id` with `code` after what is already written.
    public func close(_ id: UInt64, code: UInt16, reason: String) {
        let shard = shard(id)
        let wasLive = shard.state.withLock { state -> Bool in
            let wasLive = state.withSubscriber(id) { subscriber -> Bool in
                let wasLive = subscriber.isLive
                subscriber.dropOutbox()
                subscriber.phase = .closing(code: code, reason: reason)
                return wasLive
            }
            guard let wasLive else { return false }
            state.work.closing.append(id)
            return wasLive
        }
        if wasLive { liveCount.subtract(1, ordering: .relaxed) }
        shard.wake()
    }

    /// The connections of `serviceThread` that need its attention since the last call.
    public func takeWork(serviceThread: Int = 0) -> TransportWork {
        shards[serviceThread].state.withLock { state in
            let work = state.work
            state.work = TransportWork()
            return work
        }
    }

    /// The next thing to write on `id` and whether more is queued after it (one lock), or nil
    /// when its outbox is empty. Called on `id`'s service thread.
    public func nextOutgoing(_ id: UInt64) -> (outgoing: Outgoing, moreQueued: Bool)? {
        shard(id).state.withLock { state -> (Outgoing, Bool)? in
            state.withSubscriber(id) { subscriber -> (Outgoing, Bool)? in
                if case .closing(let code, let reason) = subscriber.phase { return (.close(code: code, reason: reason), false) }
                guard let message = subscriber.dequeue() else { return nil }
                return (.message(message), subscriber.queuedBytes > 0)
            } ?? nil
        }
    }
}
