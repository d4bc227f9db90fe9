import PulseStore
import Synchronization

/// The push side of Pulse: subscriptions, the bounded history of deltas, each subscriber's
/// outbox and the slow-consumer policy. Thread-safe (one lock): the transport's service thread
/// calls `connect`, `receive`, `nextOutgoing`, `disconnect`; the publisher task calls `publish`.
public final class Hub: Sendable {
    /// Sizes and limits, from the `push` section of the configuration.
    public struct Configuration: Sendable {
        /// Deltas kept for epoch/offset recovery.
        public var historySize = 1024
        /// Unsent bytes after which a subscriber is closed with 4008.
        public var outboxLimitBytes = 4 << 20
        /// Spare bytes before every message for the transport's frame header.
        public var headroom = 0
        public init() {}
    }

    private struct State {
        var subscribers: [UInt64: Subscriber] = [:]
        var history: [HistoryEntry] = []
        var historyStart = 0
        var latestOffset: UInt64 = 0
        var work = TransportWork()
        var liveCount = 0
        /// The last snapshot encoded per key, reused by subscribers arriving at the same offset.
        var snapshots: [SubscriptionKey: (offset: UInt64, message: OutboundMessage)] = [:]
    }

    /// Identifies this run of the hub; offsets from another epoch cannot be recovered.
    public let epoch: UInt64
    public let configuration: Configuration
    public let store: AnalyticsStore
    public let metrics: PulseMetrics
    /// Who may subscribe (see `WebSocketAccess`).
    public let access: WebSocketAccess
    private let state = Mutex(State())
    private let transportBox = Mutex<(any HubTransport)?>(nil)
    private let clock: @Sendable () -> Double

    public init(store: AnalyticsStore, metrics: PulseMetrics, configuration: Configuration = Configuration(),
                epoch: UInt64 = UInt64.random(in: 1...(1 << 53)), access: WebSocketAccess = WebSocketAccess(),
                clock: @escaping @Sendable () -> Double) {
        self.access = access
        self.store = store
        self.metrics = metrics
        self.configuration = configuration
        self.epoch = epoch
        self.clock = clock
    }

    /// Attaches (or, with nil, detaches) the transport that `wake()` reaches.
    public func attach(_ transport: (any HubTransport)?) { transportBox.withLock { $0 = transport } }

    /// Subscribers currently receiving deltas.
    public var subscriberCount: Int { state.withLock { $0.liveCount } }

    public func connect(_ id: UInt64) {
        state.withLock { $0.subscribers[id] = Subscriber() }
    }

    public func disconnect(_ id: UInt64) {
        access.disconnected(id)
        state.withLock { state in
            if let removed = state.subscribers.removeValue(forKey: id), removed.isLive { state.liveCount -= 1 }
        }
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

    /// Starts (or replaces) a subscription: recovers from history when possible, else sends a snapshot.
    public func subscribe(_ id: UInt64, _ request: SubscriptionRequest) {
        let headroom = configuration.headroom
        let generation: Int? = state.withLock { state in
            guard var subscriber = state.subscribers[id] else { return nil }
            if case .closing = subscriber.phase { return nil }
            if subscriber.isLive { state.liveCount -= 1 }
            subscriber.key = request.key
            subscriber.generation += 1
            if let recover = request.recover, let entries = recoverable(state, epoch: recover.epoch, offset: recover.offset) {
                subscriber.enqueue(OutboundMessage(subscribedMessage(offset: recover.offset, recovered: true, key: request.key), headroom: headroom))
                for entry in entries { subscriber.enqueue(entry.message(for: request.key, headroom: headroom)) }
                subscriber.nextOffset = state.latestOffset + 1
                subscriber.phase = .live
                state.liveCount += 1
                state.subscribers[id] = subscriber
                state.work.ready.append(id)
                return nil
            }
            subscriber.phase = .subscribing(generation: subscriber.generation)
            state.subscribers[id] = subscriber
            return subscriber.generation
        }
        guard let generation else { wake(); return }
        let key = request.key
        Task { [self] in
            let offset = await store.currentOffset
            if let cached = state.withLock({ $0.snapshots[key] }), cached.offset == offset {
                completeSubscribe(id, generation: generation, key: key, offset: offset, snapshot: cached.message)
                return
            }
            let view = await store.snapshot(now: clock())
            let encoded = ViewEncoder.parts(op: "snapshot", epoch: epoch, view: view, topics: key.topics,
                                            subscribers: subscriberCount + 1).message(for: key)
            let snapshot = OutboundMessage(encoded, headroom: configuration.headroom)
            state.withLock { state in
                if state.snapshots.count > 64 { state.snapshots.removeAll() }
                state.snapshots[key] = (view.offset, snapshot)
            }
            completeSubscribe(id, generation: generation, key: key, offset: view.offset, snapshot: snapshot)
        }
    }

    private func completeSubscribe(_ id: UInt64, generation: Int, key: SubscriptionKey, offset: UInt64, snapshot: OutboundMessage) {
        let subscribed = subscribedMessage(offset: offset, recovered: false, key: key)
        let headroom = configuration.headroom
        state.withLock { state in
            guard var subscriber = state.subscribers[id], case .subscribing(generation) = subscriber.phase else { return }
            subscriber.enqueue(OutboundMessage(subscribed, headroom: headroom))
            subscriber.enqueue(snapshot)
            subscriber.nextOffset = offset + 1
            // Deltas published while the snapshot was being made did not reach this subscriber
            // (it was not live yet): send them from the history ring, so no offset is skipped.
            if state.latestOffset > offset, let missed = recoverable(state, epoch: epoch, offset: offset) {
                for entry in missed { subscriber.enqueue(entry.message(for: key, headroom: headroom)) }
                subscriber.nextOffset = state.latestOffset + 1
            }
            subscriber.phase = .live
            state.liveCount += 1
            state.subscribers[id] = subscriber
            state.work.ready.append(id)
        }
        wake()
    }

    /// The history entries after `offset`, when all of them are still held (all or nothing).
    private func recoverable(_ state: State, epoch: UInt64, offset: UInt64) -> ArraySlice<HistoryEntry>? {
        guard epoch == self.epoch, offset <= state.latestOffset else { return nil }
        let ordered = state.history[state.historyStart...] + state.history[..<state.historyStart]
        if offset == state.latestOffset { return [] }
        guard let first = ordered.first, first.offset <= offset + 1 else { return nil }
        return ordered.drop { $0.offset <= offset }
    }

    private func subscribedMessage(offset: UInt64, recovered: Bool, key: SubscriptionKey) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "subscribed")
        writer.field("epoch", epoch)
        writer.field("offset", offset)
        writer.field("recovered", recovered)
        writer.key("topics")
        writer.beginArray()
        for topic in Topic.allCases where key.topics.contains(topic) { writer.string(topic.rawValue) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// Publishes one tick's changes: encoded once per distinct subscription key, kept in the
    /// history ring and queued for every live subscriber; over-full outboxes are closed with 4008.
    public func publish(_ changes: StateChanges) {
        let parts = ViewEncoder.parts(op: "delta", epoch: epoch, view: changes.view, topics: changes.topics,
                                      subscribers: subscriberCount)
        let entry = HistoryEntry(parts: parts)
        let keys = state.withLock { state in Set(state.subscribers.values.compactMap { $0.isLive ? $0.key : nil }) }
        for key in keys { _ = entry.message(for: key, headroom: configuration.headroom) }
        let limit = configuration.outboxLimitBytes
        var slow = 0
        state.withLock { state in
            if state.history.count < configuration.historySize {
                state.history.append(entry)
            } else {
                state.history[state.historyStart] = entry
                state.historyStart = (state.historyStart + 1) % state.history.count
            }
            state.latestOffset = entry.offset
            for (id, var subscriber) in state.subscribers where subscriber.isLive && subscriber.nextOffset <= entry.offset {
                subscriber.enqueue(entry.message(for: subscriber.key!, headroom: configuration.headroom))
                subscriber.nextOffset = entry.offset + 1
                if subscriber.queuedBytes > limit {
                    subscriber.dropOutbox()
                    subscriber.phase = .closing(code: 4008, reason: "slow consumer")
                    state.liveCount -= 1
                    state.work.closing.append(id)
                    slow += 1
                } else {
                    state.work.ready.append(id)
                }
                state.subscribers[id] = subscriber
            }
        }
        if slow > 0 { metrics.slowConsumerDisconnects.add(slow, ordering: .relaxed) }
        wake()
    }

    /// Asks the transport to close `id` with `code` after what is already written.
    public func close(_ id: UInt64, code: UInt16, reason: String) {
        state.withLock { state in
            guard var subscriber = state.subscribers[id] else { return }
            if subscriber.isLive { state.liveCount -= 1 }
            subscriber.dropOutbox()
            subscriber.phase = .closing(code: code, reason: reason)
            state.subscribers[id] = subscriber
            state.work.closing.append(id)
        }
        wake()
    }

    /// The connections that need the transport's attention since the last call (service thread).
    public func takeWork() -> TransportWork {
        state.withLock { state in
            let work = state.work
            state.work = TransportWork()
            return work
        }
    }

    /// The next thing to write on `id`, or nil when its outbox is empty (service thread).
    public func nextOutgoing(_ id: UInt64) -> Outgoing? {
        state.withLock { state -> Outgoing? in
            guard var subscriber = state.subscribers[id] else { return nil }
            if case .closing(let code, let reason) = subscriber.phase { return .close(code: code, reason: reason) }
            guard let message = subscriber.dequeue() else { return nil }
            state.subscribers[id] = subscriber
            return .message(message)
        }
    }

    /// True when `id` has more queued (service thread, to decide whether to keep writing).
    public func hasQueued(_ id: UInt64) -> Bool {
        state.withLock { $0.subscribers[id].map { $0.queuedBytes > 0 } ?? false }
    }

    private func wake() {
        transportBox.withLock { $0?.wake() }
    }
}
