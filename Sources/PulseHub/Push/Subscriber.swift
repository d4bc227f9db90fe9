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
    var key: SubscriptionKey?
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

    mutating func dropOutbox() {
        outbox.removeAll()
        outboxHead = 0
        queuedBytes = 0
    }
}

/// One published delta kept for recovery, with its encodings per subscription key (lazily filled).
/// Its cache is only touched under the hub's lock (hence `@unchecked Sendable`).
final class HistoryEntry: @unchecked Sendable {
    let parts: ViewEncoder.Parts
    private var messages: [SubscriptionKey: OutboundMessage] = [:]

    init(parts: ViewEncoder.Parts) { self.parts = parts }

    var offset: UInt64 { parts.offset }

    /// The message for `key`, encoded once and then shared. Call under the hub's lock.
    func message(for key: SubscriptionKey, headroom: Int) -> OutboundMessage {
        if let message = messages[key] { return message }
        let message = OutboundMessage(parts.message(for: key), headroom: headroom)
        messages[key] = message
        return message
    }
}
