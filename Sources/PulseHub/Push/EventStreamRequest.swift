/// A Server-Sent Events subscription (`GET /api/stream`) read from the request: the query's
/// `topics`, `hashtags`, `keywords` (comma-separated) and `token`, and the `Last-Event-ID`
/// header (`EPOCH:OFFSET`, as the stream's `id:` lines carry it), turned into the same
/// `SubscriptionRequest` a WebSocket `subscribe` message gives. A plain value.
public struct EventStreamRequest: Sendable, Equatable {
    public var subscription: SubscriptionRequest
    /// The `?token=` parameter, when given (the transport also accepts a bearer header).
    public var token: String?

    /// The query parameters the stream understands.
    public static let parameters: Set<String> = ["topics", "hashtags", "keywords", "token", "lastEventId"]
    /// Most `hashtags` or `keywords` in a URL (a subscribe message may hold 100), so that the
    /// longest query fits in the request head.
    public static let maxFilterEntries = 20
    /// Longest `token` or `lastEventId` value, in bytes.
    public static let maxValueBytes = 256

    /// Parses the (percent-decoded) query and the `Last-Event-ID` header; the error says what is wrong.
    public static func parse(query: String, lastEventID: String?) throws(SubscriptionRequest.Invalid) -> EventStreamRequest {
        var lists: [String: [String]] = [:]
        var token: String?
        var resumeFrom = lastEventID
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count == 2 ? String(pair[1]) : ""
            guard parameters.contains(name) else {
                throw SubscriptionRequest.Invalid(reason: "unknown query parameter '\(name)'; use \(parameters.sorted().joined(separator: ", "))")
            }
            if name == "token" || name == "lastEventId", value.utf8.count > maxValueBytes {
                throw SubscriptionRequest.Invalid(reason: "\(name) is longer than \(maxValueBytes) bytes")
            }
            switch name {
            case "token": token = value
            case "lastEventId": resumeFrom = resumeFrom ?? value
            default: lists[name, default: []] += value.split(separator: ",").map(String.init)
            }
        }
        for name in ["hashtags", "keywords"] where (lists[name]?.count ?? 0) > maxFilterEntries {
            throw SubscriptionRequest.Invalid(reason: "\(name) may hold at most \(maxFilterEntries) entries in a URL")
        }
        if let resumeFrom, resumeFrom.utf8.count > maxValueBytes {
            throw SubscriptionRequest.Invalid(reason: "Last-Event-ID is longer than \(maxValueBytes) bytes")
        }
        // Build the WebSocket subscribe message and parse it, so both transports validate alike.
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "subscribe")
        if let topics = lists["topics"] { writer.key("topics"); stringArray(topics, &writer) }
        writer.key("filter")
        writer.beginObject()
        writer.key("hashtags"); stringArray(lists["hashtags"] ?? [], &writer)
        writer.key("keywords"); stringArray(lists["keywords"] ?? [], &writer)
        writer.endObject()
        writer.endObject()
        var subscription = try SubscriptionRequest.parse(writer.bytes)
        // An id that is not EPOCH:OFFSET (not one this server sent) cannot be resumed from: the
        // stream starts afresh with a snapshot, as for an unknown epoch.
        if let resumeFrom, let position = EventStreamFrame.position(fromID: resumeFrom) {
            subscription.recover = position
        }
        return EventStreamRequest(subscription: subscription, token: token)
    }

    private static func stringArray(_ items: [String], _ writer: inout JSONWriter) {
        writer.beginArray()
        items.forEach { writer.string($0) }
        writer.endArray()
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.subscription == rhs.subscription && lhs.token == rhs.token
    }
}
