/// Builds the client's `{"op":"subscribe", ...}` message, the inverse of
/// `SubscriptionRequest.parse`: used by `pulse subscribe` and by the test client. Stateless.
public enum SubscribeMessage {
    /// Omitted parts take the server's defaults: nil `topics` = every topic, empty filters = none.
    public static func encode(topics: [String]?, hashtags: [String] = [], keywords: [String] = [],
                              recover: (epoch: UInt64, offset: UInt64)? = nil, token: String? = nil) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "subscribe")
        if let topics {
            writer.key("topics")
            writer.beginArray()
            topics.forEach { writer.string($0) }
            writer.endArray()
        }
        if !hashtags.isEmpty || !keywords.isEmpty {
            writer.key("filter")
            writer.beginObject()
            for (name, words) in [("hashtags", hashtags), ("keywords", keywords)] where !words.isEmpty {
                writer.key(name)
                writer.beginArray()
                words.forEach { writer.string($0) }
                writer.endArray()
            }
            writer.endObject()
        }
        if let recover {
            writer.key("recover")
            writer.beginObject()
            writer.field("epoch", recover.epoch)
            writer.field("offset", recover.offset)
            writer.endObject()
        }
        if let token { writer.field("token", token) }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
