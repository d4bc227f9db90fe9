import PulseStore

/// One WebSocket connection as the hub sees it: its subscription, the offset it expects next,
/// and its outbox of messages not yet written. A value kept inside the hub's lock.
struct Subscriber {
    enum Phase {
        /// Connected, no subscription yet.
        case idle
        /// Waiting for a snapshot; `generation` tells a stale snapshot from the current one.
        case subscribing(generation: Int)
        /// Receiving deltas.
        case live
        /// Will be closed with this code; nothing more is queued.
        case closing(code: UInt16, reason: String)
    }

    var phase: Phase = .idle
    /// The slot of its subscription key in the shard's `SubscriptionKeyTable`.
    var keySlot: Int?
    /// The delta offset this subscriber must receive next.
    var nextOffset: UInt64 = 0
    var generation = 0
    private(set) var outbox: [OutboundMessage] = []
    private var outboxHead = 0
    private(set) var queuedBytes = 0

    var isLive: Bool { if case .live = phase { true } else { false } }

    mutating func enqueue(_ message: OutboundMessage) {
        outbox.append(message)
        queuedBytes += message.count
    }

    mutating func dequeue() -> OutboundMessage? {
        guard outboxHead < outbox.count else { return nil }
        let message = outbox[outboxHead]
        outboxHead += 1
        queuedBytes -= message.count
        if outboxHead == outbox.count {
            outbox.removeAll(keepingCapacity: outbox.count <= 64)
            outboxHead = 0
        }
        return message
    }

    /// Queues the delta at `offset` (`messages[keySlot]`, its encoding for this subscriber's key)
    /// when this subscriber is live and has not had it. Returns nil when it was not for this
    /// subscriber, true when queued, false when that overfilled the outbox: the outbox is then
    /// dropped and the subscriber will be closed with 4008 (slow consumer).
    mutating func deliver(offset: UInt64, messages: [OutboundMessage?], outboxLimit: Int) -> Bool? {
        guard isLive, let keySlot, nextOffset <= offset, let message = messages[keySlot] else { return nil }
        enqueue(message)
        nextOffset = offset + 1
        guard queuedBytes > outboxLimit else { return true }
        dropOutbox()
        phase = .closing(code: 4008, reason: "slow consumer")
        return false
    }

    mutating func dropOutbox() {
        outbox.removeAll()
        outboxHead = 0
        queuedBytes = 0
    }
}
