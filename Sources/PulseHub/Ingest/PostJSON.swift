import PulseAnalytics

/// A post as the JSON object `POST /api/posts` takes (what `PostDecoder` reads back to the same
/// post): unknown numeric fields first — the decoder keeps at most 64, counting the known ones —
/// then followers, likes, shares, comments, id, text, hashtags, author, platform, created_at.
/// Stateless.
public enum PostJSON {
    static let knownMetrics: Set<String> = ["followers", "likes", "shares", "comments"]

    public static func write(_ post: Post, into writer: inout JSONWriter) {
        writer.beginObject()
        let metrics = post.metrics.sorted { $0.key < $1.key }
        for (key, value) in metrics where !knownMetrics.contains(key) { writer.field(key, value) }
        for (key, value) in metrics where knownMetrics.contains(key) { writer.field(key, value) }
        if let id = post.id { writer.field("id", id) }
        writer.field("text", post.text)
        if let hashtags = post.hashtags {
            writer.key("hashtags")
            writer.beginArray()
            hashtags.forEach { writer.string($0) }
            writer.endArray()
        }
        if let author = post.author { writer.field("author", author) }
        if let platform = post.platform { writer.field("platform", platform) }
        if let createdAt = post.createdAt { writer.field("created_at", RFC3339.format(createdAt)) }
        writer.endObject()
    }

    public static func encode(_ post: Post) -> [UInt8] {
        var writer = JSONWriter(capacity: 384)
        write(post, into: &writer)
        return writer.bytes
    }
}
