import PulseAnalytics

/// Writes parsed values back out (posts as JSON/NDJSON, CSV rows, subscribe messages) so the
/// fuzzer can check that what a parser accepts survives a second trip unchanged. Stateless.
enum FuzzEncoding {
    static func post(_ post: Post, into writer: inout JSONWriter) {
        PostJSON.write(post, into: &writer)
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
