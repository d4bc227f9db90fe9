/// One published delta kept for recovery, with its framed message per subscription key (encoded
/// on first use, then shared by every subscriber of that key on every service thread). Its cache
/// is only touched under the hub's history lock (hence `@unchecked Sendable`).
final class HistoryEntry: @unchecked Sendable {
    let parts: ViewEncoder.Parts
    private var messages: [SubscriptionKey: OutboundMessage] = [:]

    /// The encoded size of its parts (what `push.historyBytes` counts; the per-key messages
    /// made from them come on top, about once more for the common case of one key).
    let bytes: Int

    init(parts: ViewEncoder.Parts) {
        self.parts = parts
        bytes = parts.head.count + parts.topicMembers.values.reduce(0) { $0 + $1.count }
            + parts.postObjects.reduce(0) { $0 + $1.count }
    }

    var offset: UInt64 { parts.offset }

    /// The message for `key`, encoded once and then shared. Call under the hub's history lock.
    func message(for key: SubscriptionKey) -> OutboundMessage {
        if let message = messages[key] { return message }
        let message = OutboundMessage(reservedAndPayload: parts.message(for: key, reserving: OutboundMessage.reservedBytes))
        messages[key] = message
        return message
    }
}
