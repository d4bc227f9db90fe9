/// One published delta kept for recovery, with its framed message per subscription key (encoded
/// on first use, then shared by every subscriber of that key on every service thread). Its cache
/// is only touched under the hub's history lock (hence `@unchecked Sendable`).
final class HistoryEntry: @unchecked Sendable {
    let parts: ViewEncoder.Parts
    private var messages: [SubscriptionKey: OutboundMessage] = [:]

    init(parts: ViewEncoder.Parts) { self.parts = parts }

    var offset: UInt64 { parts.offset }

    /// The message for `key`, encoded once and then shared. Call under the hub's history lock.
    func message(for key: SubscriptionKey) -> OutboundMessage {
        if let message = messages[key] { return message }
        let message = OutboundMessage(reservedAndPayload: parts.message(for: key, reserving: OutboundMessage.reservedBytes))
        messages[key] = message
        return message
    }
}
