/// One published delta kept for recovery, with its framed message per subscription key (encoded
/// on first use, then shared by every subscriber of that key on every service thread). Its cache
/// is only touched under the hub's history lock (hence `@unchecked Sendable`).
final class HistoryEntry: @unchecked Sendable {
    /// Its posts' objects are encoded on the first message for a key with the posts topic.
    private(set) var parts: ViewEncoder.Parts
    private var messages: [SubscriptionKey: OutboundMessage] = [:]

    /// What `push.historyBytes` counts for it: the encoded head and topic members, and for the
    /// posts their encoded objects, or while those are not encoded (nobody subscribed to posts
    /// yet) each post's text plus `estimatedPostOverhead`. The per-key messages made from the
    /// parts come on top, about once more for the common case of one key. Fixed at creation.
    let bytes: Int

    /// The bytes of a post's object beyond its text (id, times, hashtags, sentiment, metrics),
    /// about what the demo's posts take.
    static let estimatedPostOverhead = 256

    init(parts: ViewEncoder.Parts) {
        self.parts = parts
        let postBytes = parts.postObjects?.reduce(0) { $0 + $1.count }
            ?? parts.posts.reduce(0) { $0 + $1.scored.post.text.utf8.count + Self.estimatedPostOverhead }
        bytes = parts.head.count + parts.topicMembers.values.reduce(0) { $0 + $1.count } + postBytes
    }

    var offset: UInt64 { parts.offset }

    /// The message for `key`, encoded once and then shared. Call under the hub's history lock
    /// (or before the entry is in the ring).
    func message(for key: SubscriptionKey) -> OutboundMessage {
        if let message = messages[key] { return message }
        if key.topics.contains(.posts) && parts.postObjects == nil { parts.postObjects = parts.posts.map(ViewEncoder.post) }
        let message = OutboundMessage(reservedAndPayload: parts.message(for: key, reserving: OutboundMessage.reservedBytes))
        messages[key] = message
        return message
    }
}
