import PulseAnalytics
import PulseStore

/// Encodes `LiveView`s into the wire protocol's JSON, topic by topic, so that one encoding of
/// each topic is shared by every subscription key. Stateless; used by the publisher task and by
/// request handlers.
public enum ViewEncoder {
    /// A view cut into reusable pieces: the envelope's head, each topic's `"name":value` member
    /// and each post's object.
    public struct Parts: Sendable {
        public var op: String
        public var offset: UInt64
        public var head: [UInt8]
        public var topicMembers: [Topic: [UInt8]]
        public var posts: [StoredPost]
        /// Each post's object, in `posts` order, once encoded: `parts` leaves them to the first
        /// message that carries posts (a tick nobody subscribed to posts for never encodes them),
        /// and `message` encodes them itself when they are still missing.
        public var postObjects: [[UInt8]]?

        /// The complete message for subscribers of `key`, after `reserving` spare bytes (see
        /// `OutboundMessage.reservedBytes`).
        public func message(for key: SubscriptionKey, reserving: Int = 0) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: reserving)
            // The exact upper bound, so the bytes are never moved while they are written.
            let members = key.topics.reduce(0) { $0 + (topicMembers[$1]?.count ?? 0) }
            let objects = key.topics.contains(.posts) ? postObjects ?? posts.map(ViewEncoder.post) : []
            let postBytes = key.topics.contains(.posts) ? objects.reduce(16) { $0 + $1.count + 1 } : 0
            bytes.reserveCapacity(reserving + head.count + members + key.topics.count + postBytes + 2)
            bytes.append(contentsOf: head)
            var first = true
            for topic in Topic.allCases where key.topics.contains(topic) {
                if topic == .posts {
                    if !first { bytes.append(UInt8(ascii: ",")) }
                    first = false
                    bytes.append(contentsOf: #""posts":["#.utf8)
                    var firstPost = true
                    for (post, object) in zip(posts, objects) where key.filter.isEmpty || key.filter.matches(post) {
                        if !firstPost { bytes.append(UInt8(ascii: ",")) }
                        firstPost = false
                        bytes.append(contentsOf: object)
                    }
                    bytes.append(UInt8(ascii: "]"))
                } else if let member = topicMembers[topic] {
                    if !first { bytes.append(UInt8(ascii: ",")) }
                    first = false
                    bytes.append(contentsOf: member)
                }
            }
            bytes.append(contentsOf: "}}".utf8)
            return bytes
        }
    }

    /// Cuts `view` into parts for a `delta` (only `topics`) or a `snapshot` (every topic).
    public static func parts(op: String, epoch: UInt64, view: LiveView, topics: Set<Topic>, subscribers: Int?) -> Parts {
        var head = JSONWriter(capacity: 256)
        head.beginObject()
        head.field("op", op)
        head.field("epoch", epoch)
        head.field("offset", view.offset)
        head.field("time", view.time)
        head.key("stats")
        head.raw(stats(view, subscribers: subscribers))
        head.key("topics")
        var bytes = head.bytes
        bytes.append(UInt8(ascii: "{"))
        var members: [Topic: [UInt8]] = [:]
        for topic in topics where topic != .posts {
            if let value = encode(topic, view) {
                var member = JSONWriter()
                member.beginObject()
                member.key(topic.rawValue)
                member.raw(value)
                members[topic] = Array(member.bytes.dropFirst())
            }
        }
        let posts = topics.contains(.posts) ? view.posts : []
        return Parts(op: op, offset: view.offset, head: bytes, topicMembers: members,
                     posts: posts, postObjects: nil)
    }

    /// The whole state as one JSON object (`GET /api/state`): a snapshot with every topic.
    public static func state(epoch: UInt64, view: LiveView, subscribers: Int) -> [UInt8] {
        parts(op: "state", epoch: epoch, view: view, topics: Set(Topic.allCases), subscribers: subscribers)
            .message(for: SubscriptionKey(topics: Set(Topic.allCases)))
    }

    /// The `stats` object; `subscribers` is left out when nil (deltas in cluster mode).
    static func stats(_ view: LiveView, subscribers: Int?) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("total", view.totalPosts)
        writer.field("duplicates", view.totalDuplicates)
        writer.field("posts_per_second", view.postsPerSecond)
        if let subscribers { writer.field("subscribers", subscribers) }
        writer.endObject()
        return writer.bytes
    }

    /// One topic's value (shapes documented in the README).
    static func encode(_ topic: Topic, _ view: LiveView) -> [UInt8]? {
        var writer = JSONWriter(capacity: 512)
        switch topic {
        case .sentiment:
            writer.beginObject()
            writer.key("counts")
            writer.beginObject()
            for label in ["positive", "neutral", "negative"] { writer.field(label, view.labelCounts[label, default: 0]) }
            writer.endObject()
            writer.field("mean_compound", view.meanCompound)
            writer.key("per_second")
            series(view.perSecond, into: &writer)
            writer.key("per_minute")
            series(view.perMinute, into: &writer)
            writer.key("by_hashtag")
            writer.beginArray()
            for tag in view.trending {
                writer.beginObject()
                writer.field("tag", tag.tag)
                writer.key("mean")
                optional(tag.sentiment, &writer)
                writer.field("count", tag.count)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        case .trending:
            writer.beginObject()
            writer.key("tags")
            writer.beginArray()
            for tag in view.trending {
                writer.beginObject()
                writer.field("tag", tag.tag)
                writer.field("count", tag.count)
                writer.field("rate", tag.currentRate)
                writer.field("baseline_rate", tag.baselineRate)
                writer.field("velocity", tag.velocity)
                writer.key("sentiment")
                optional(tag.sentiment, &writer)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        case .words:
            writer.beginObject()
            writer.key("terms")
            writer.beginArray()
            for term in view.words {
                writer.beginObject()
                writer.field("term", term.term)
                writer.field("weight", term.count)
                writer.key("sentiment")
                optional(term.sentiment, &writer)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        case .clusters:
            writer.beginObject()
            writer.field("k", view.clusters.count)
            writer.key("silhouette")
            optional(view.silhouette, &writer)
            writer.key("clusters")
            writer.beginArray()
            for cluster in view.clusters {
                writer.beginObject()
                writer.field("id", cluster.id)
                writer.field("size", cluster.size)
                writer.field("share", cluster.share)
                writer.field("label", cluster.topTerms.prefix(3).joined(separator: " "))
                writer.key("top_terms")
                writer.beginArray()
                cluster.topTerms.forEach { writer.string($0) }
                writer.endArray()
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        case .alerts:
            writer.beginObject()
            writer.key("alerts")
            writer.beginArray()
            for alert in view.alerts { AlertJSON.write(alert, into: &writer) }
            writer.endArray()
            writer.endObject()
        case .engagement:
            EngagementJSON.write(view.engagement, report: view.modelReport, into: &writer)
        case .correlation:
            writer.beginObject()
            writer.key("fields")
            writer.beginArray()
            view.correlationFields.forEach { writer.string($0) }
            writer.endArray()
            writer.key("matrix")
            writer.beginArray()
            for row in view.correlation {
                writer.beginArray()
                row.forEach { optional($0, &writer) }
                writer.endArray()
            }
            writer.endArray()
            writer.endObject()
        case .posts:
            return nil
        }
        return writer.bytes
    }

    static func optional(_ value: Double?, _ writer: inout JSONWriter) {
        if let value { writer.number(value) } else { writer.null() }
    }

    /// `[[start, count, mean], ...]` for a bucket series.
    static func series(_ points: [BucketSeries.Point], into writer: inout JSONWriter) {
        writer.beginArray()
        for point in points {
            writer.beginArray()
            writer.number(point.start)
            writer.number(point.count)
            writer.number(point.count == 0 ? 0 : point.sum / Double(point.count))
            writer.endArray()
        }
        writer.endArray()
    }

    /// One post as subscribers see it.
    public static func post(_ stored: StoredPost) -> [UInt8] {
        let post = stored.scored.post
        var writer = JSONWriter(capacity: 256 + post.text.utf8.count)
        writer.beginObject()
        writer.field("id", post.id)
        writer.field("seq", stored.sequence)
        writer.field("text", post.text)
        writer.field("author", post.author)
        writer.field("platform", post.platform)
        writer.field("created_at", post.createdAt.map(RFC3339.format))
        writer.field("ingested_at", stored.ingestedAt)
        writer.key("hashtags")
        writer.beginArray()
        for tag in stored.scored.hashtags { writer.string(tag) }
        writer.endArray()
        writer.key("sentiment")
        writer.beginObject()
        writer.field("compound", stored.scored.compound)
        writer.field("label", stored.scored.label)
        writer.endObject()
        writer.key("metrics")
        writer.beginObject()
        for (name, value) in post.metrics.sorted(by: { $0.key < $1.key }) { writer.field(name, value) }
        writer.endObject()
        writer.key("predicted_engagement")
        optional(stored.scored.predictedEngagement, &writer)
        writer.key("cluster")
        if let cluster = stored.cluster { writer.number(cluster) } else { writer.null() }
        writer.endObject()
        return writer.bytes
    }
}
