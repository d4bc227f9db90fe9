import PulseAnalytics

/// Writes parsed values back out (posts as JSON/NDJSON, CSV rows, subscribe messages) so the
/// fuzzer can check that what a parser accepts survives a second trip unchanged. Stateless.
enum FuzzEncoding {
    static func post(_ post: Post, into writer: inout JSONWriter) {
        writer.beginObject()
        // Unknown numeric fields first: the decoder keeps at most 64 of them, counted with the known ones.
        let known: Set<String> = ["followers", "likes", "shares", "comments"]
        for (key, value) in post.metrics.sorted(by: { $0.key < $1.key }) where !known.contains(key) { writer.field(key, value) }
        for (key, value) in post.metrics.sorted(by: { $0.key < $1.key }) where known.contains(key) { writer.field(key, value) }
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

    static func postsJSON(_ posts: [Post]) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginArray()
        for item in posts { post(item, into: &writer) }
        writer.endArray()
        return writer.bytes
    }

    static func postsNDJSON(_ posts: [Post]) -> [UInt8] {
        var bytes: [UInt8] = []
        for item in posts {
            var writer = JSONWriter()
            post(item, into: &writer)
            bytes += writer.bytes + [10]
        }
        return bytes
    }

    /// Equal posts; creation times to the millisecond (RFC 3339 output keeps milliseconds).
    static func samePost(_ a: Post, _ b: Post) -> Bool {
        var (x, y) = (a, b)
        let times = (x.createdAt, y.createdAt)
        x.createdAt = nil
        y.createdAt = nil
        switch times {
        case (nil, nil): return x == y
        case (let first?, let second?): return x == y && abs(first - second) < 0.0011
        default: return false
        }
    }

    /// RFC 4180 with every field quoted.
    static func csv(_ rows: [[String]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { bytes.append(44) }
                bytes.append(34)
                for byte in field.utf8 {
                    if byte == 34 { bytes.append(34) }
                    bytes.append(byte)
                }
                bytes.append(34)
            }
            bytes.append(10)
        }
        return bytes
    }

    static func subscription(_ request: SubscriptionRequest) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "subscribe")
        writer.key("topics")
        writer.beginArray()
        request.key.topics.map(\.rawValue).sorted().forEach { writer.string($0) }
        writer.endArray()
        writer.key("filter")
        writer.beginObject()
        writer.key("hashtags")
        writer.beginArray()
        request.key.filter.hashtags.sorted().forEach { writer.string($0) }
        writer.endArray()
        writer.key("keywords")
        writer.beginArray()
        request.key.filter.keywords.sorted().forEach { writer.string($0) }
        writer.endArray()
        writer.endObject()
        if let recover = request.recover {
            writer.key("recover")
            writer.beginObject()
            writer.field("epoch", recover.epoch)
            writer.field("offset", recover.offset)
            writer.endObject()
        }
        if let token = request.token { writer.field("token", token) }
        writer.endObject()
        return writer.bytes
    }
}
