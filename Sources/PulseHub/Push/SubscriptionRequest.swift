import PulseStore

/// What a subscriber asks for: topics, a filter for the `posts` topic, and optionally the place
/// to recover from. Parsed from the client's `subscribe` message; a plain value.
public struct SubscriptionRequest: Sendable, Equatable {
    public var key: SubscriptionKey
    /// (epoch, offset) of the last delta the client has, when it asks to recover.
    public var recover: (epoch: UInt64, offset: UInt64)?
    /// A bearer token sent in the message (browsers cannot set headers on WebSockets).
    public var token: String?

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.key == rhs.key && lhs.recover?.epoch == rhs.recover?.epoch
            && lhs.recover?.offset == rhs.recover?.offset && lhs.token == rhs.token
    }

    /// Why a client message was refused (sent as the reason of close code 4000).
    public struct Invalid: Error, Sendable, Equatable {
        public var reason: String
    }

    /// Parses one client text message.
    public static func parse(_ bytes: [UInt8]) throws(Invalid) -> SubscriptionRequest {
        let message: JSONValue
        do { message = try JSONParser.parse(bytes) } catch { throw Invalid(reason: "malformed JSON: \(error)") }
        guard case .object = message else { throw Invalid(reason: "message must be a JSON object") }
        guard message["op"]?.stringValue == "subscribe" else { throw Invalid(reason: "unknown op; expected \"subscribe\"") }
        var topics = Set(Topic.allCases)
        if let list = message["topics"], list != .null {
            guard let items = list.arrayValue else { throw Invalid(reason: "topics must be an array of strings") }
            topics = []
            for item in items {
                guard let name = item.stringValue, let topic = Topic(rawValue: name) else {
                    throw Invalid(reason: "unknown topic \(item); topics are \(Topic.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                topics.insert(topic)
            }
        }
        var filter = PostFilter()
        if let object = message["filter"], object != .null {
            guard case .object = object else { throw Invalid(reason: "filter must be an object") }
            filter.hashtags = try stringSet(object["hashtags"], name: "filter.hashtags") { PostFilter.normaliseTag($0) }
            filter.keywords = try stringSet(object["keywords"], name: "filter.keywords") { $0.lowercased() }
        }
        var request = SubscriptionRequest(key: SubscriptionKey(topics: topics, filter: filter))
        if let recover = message["recover"], recover != .null {
            guard let epoch = recover["epoch"]?.numberValue, let offset = recover["offset"]?.numberValue,
                  epoch >= 0, offset >= 0, epoch <= 9e15, offset <= 9e15 else {
                throw Invalid(reason: "recover must be {\"epoch\": integer, \"offset\": integer}")
            }
            request.recover = (UInt64(epoch), UInt64(offset))
        }
        if let token = message["token"], token != .null {
            guard let text = token.stringValue else { throw Invalid(reason: "token must be a string") }
            request.token = text
        }
        return request
    }

    private static func stringSet(_ value: JSONValue?, name: String, _ normalise: (String) -> String) throws(Invalid) -> Set<String> {
        guard let value, value != .null else { return [] }
        guard let items = value.arrayValue, items.count <= 100 else { throw Invalid(reason: "\(name) must be an array of at most 100 strings") }
        var result = Set<String>()
        for item in items {
            guard let text = item.stringValue, !text.isEmpty, text.utf8.count <= 140 else {
                throw Invalid(reason: "\(name) must hold non-empty strings of at most 140 bytes")
            }
            let normalised = normalise(text)
            guard !normalised.isEmpty else { throw Invalid(reason: "\(name) must not hold empty entries (\"\(text)\")") }
            result.insert(normalised)
        }
        return result
    }
}

/// Which posts a subscriber of the `posts` topic wants: a post passes when it carries one of
/// `hashtags` (if any are given) and its text contains one of `keywords` (if any), ignoring case.
public struct PostFilter: Sendable, Hashable {
    public var hashtags: Set<String> = []
    public var keywords: Set<String> = []

    public init(hashtags: Set<String> = [], keywords: Set<String> = []) {
        self.hashtags = Set(hashtags.map(Self.normaliseTag))
        self.keywords = Set(keywords.map { $0.lowercased() })
    }

    public var isEmpty: Bool { hashtags.isEmpty && keywords.isEmpty }

    public func matches(_ post: StoredPost) -> Bool {
        if !hashtags.isEmpty && !post.scored.hashtags.contains(where: hashtags.contains) { return false }
        if !keywords.isEmpty {
            let text = post.scored.post.text.lowercased()
            if !keywords.contains(where: { text.contains($0) }) { return false }
        }
        return true
    }

    static func normaliseTag(_ tag: String) -> String {
        String(tag.drop { $0 == "#" }).lowercased()
    }
}

/// Subscribers with equal keys receive byte-identical messages, encoded once per tick.
public struct SubscriptionKey: Sendable, Hashable {
    public var topics: Set<Topic>
    public var filter: PostFilter

    public init(topics: Set<Topic>, filter: PostFilter = PostFilter()) {
        self.topics = topics
        self.filter = filter
    }
}
