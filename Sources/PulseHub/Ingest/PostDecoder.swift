import PulseAnalytics

/// Turns a request body (one JSON object, a JSON array of objects, or NDJSON) into validated
/// `Post`s, all or nothing. Stateless; runs on whichever task handles the request.
public struct PostDecoder: Sendable {
    /// Limits on one request's posts (see `Config/pulse.json`, section `limits`).
    public struct Limits: Sendable {
        public var maxPostsPerRequest = 10_000
        public var maxTextBytes = 20_000
        public var maxHashtagsPerPost = 64
        public init() {}
    }

    /// The body formats a request may use.
    public enum Format: Sendable { case json, ndjson }

    /// The first reason a body was refused: which post (index), which field, why.
    public struct Rejection: Error, Sendable, Equatable {
        /// Machine-readable cause: `malformed_json`, `invalid_utf8`, `invalid_post`, `empty`, `too_many_posts`.
        public var code: String
        public var message: String
        public var index: Int?
        public var field: String?
        public var offset: Int?
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Decodes every post of `body`, or throws the first problem found.
    public func decode(_ body: [UInt8], format: Format) throws(Rejection) -> [Post] {
        switch format {
        case .json: return try decodeJSON(body)
        case .ndjson: return try decodeNDJSON(body)
        }
    }

    private func decodeJSON(_ body: [UInt8]) throws(Rejection) -> [Post] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(body)
        } catch {
            throw syntaxRejection(error, index: nil)
        }
        switch document {
        case .array(let items):
            guard !items.isEmpty else { throw Rejection(code: "empty", message: "the array holds no posts") }
            try checkCount(items.count)
            var posts: [Post] = []
            posts.reserveCapacity(items.count)
            for (index, item) in items.enumerated() { posts.append(try post(from: item, index: index)) }
            return posts
        case .object:
            return [try post(from: document, index: 0)]
        default:
            throw Rejection(code: "invalid_post", message: "the body must be a post object, an array of posts or NDJSON, not a \(document.typeName)", index: 0)
        }
    }

    private func decodeNDJSON(_ body: [UInt8]) throws(Rejection) -> [Post] {
        var posts: [Post] = []
        var lineStart = 0
        var index = 0
        while lineStart < body.count {
            var lineEnd = lineStart
            while lineEnd < body.count, body[lineEnd] != 0x0A { lineEnd += 1 }
            let line = body[lineStart..<lineEnd]
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                try checkCount(index + 1)
                let value: JSONValue
                do {
                    value = try JSONParser.parse(line)
                } catch {
                    var rejection = syntaxRejection(error, index: index)
                    rejection.offset = lineStart + error.offset
                    throw rejection
                }
                posts.append(try post(from: value, index: index))
                index += 1
            }
            lineStart = lineEnd + 1
        }
        guard !posts.isEmpty else { throw Rejection(code: "empty", message: "the body holds no posts") }
        return posts
    }

    private func checkCount(_ count: Int) throws(Rejection) {
        if count > limits.maxPostsPerRequest {
            throw Rejection(code: "too_many_posts", message: "a request may hold at most \(limits.maxPostsPerRequest) posts")
        }
    }

    private func syntaxRejection(_ error: JSONParser.SyntaxError, index: Int?) -> Rejection {
        let isUTF8 = error.reason.contains("UTF-8")
        let place = index.map { "post \($0): " } ?? ""
        return Rejection(code: isUTF8 ? "invalid_utf8" : "malformed_json", message: place + error.description,
                         index: index, offset: error.offset)
    }

    /// True when `text` has a character that is not whitespace (Unicode's definition); the common
    /// case is decided on ASCII bytes without Unicode property lookups.
    static func hasVisibleText(_ text: String) -> Bool {
        for byte in text.utf8 where byte < 0x80 && byte != 0x20 && !(0x09...0x0D).contains(byte) { return true }
        return text.unicodeScalars.contains { !$0.properties.isWhitespace }
    }

    /// Validates one JSON value as a post.
    public func post(from value: JSONValue, index: Int) throws(Rejection) -> Post {
        func reject(_ field: String?, _ reason: String) -> Rejection {
            let place = field.map { "post \(index), field '\($0)': " } ?? "post \(index): "
            return Rejection(code: "invalid_post", message: place + reason, index: index, field: field)
        }
        guard case .object(let object) = value else { throw reject(nil, "must be a JSON object, not a \(value.typeName)") }
        var post = Post(text: "")
        var sawText = false
        for (key, member) in object.members {
            switch key {
            case "text":
                guard case .string(let text) = member else { throw reject("text", "must be a string, not a \(member.typeName)") }
                guard Self.hasVisibleText(text) else { throw reject("text", "must not be empty") }
                guard text.utf8.count <= limits.maxTextBytes else { throw reject("text", "longer than \(limits.maxTextBytes) bytes") }
                post.text = text
                sawText = true
            case "id":
                switch member {
                case .string(let id) where !id.isEmpty && id.utf8.count <= 256: post.id = id
                case .number(let number) where number == number.rounded() && abs(number) < 1e15: post.id = String(Int64(number))
                case .null: break
                default: throw reject("id", "must be a non-empty string of at most 256 bytes or an integer")
                }
            case "hashtags":
                guard case .array(let items) = member else {
                    if member == .null { continue }
                    throw reject("hashtags", "must be an array of strings, not a \(member.typeName)")
                }
                guard items.count <= limits.maxHashtagsPerPost else { throw reject("hashtags", "more than \(limits.maxHashtagsPerPost) hashtags") }
                var tags: [String] = []
                for item in items {
                    guard case .string(let tag) = item, !tag.isEmpty, tag.utf8.count <= 140 else {
                        throw reject("hashtags", "each hashtag must be a non-empty string of at most 140 bytes")
                    }
                    tags.append(tag)
                }
                post.hashtags = tags
            case "author", "platform":
                switch member {
                case .string(let text) where text.utf8.count <= 256:
                    if key == "author" { post.author = text } else { post.platform = text }
                case .null: break
                default: throw reject(key, "must be a string of at most 256 bytes")
                }
            case "created_at":
                switch member {
                case .string(let text):
                    guard let seconds = RFC3339.parse(text) else { throw reject("created_at", "must be an RFC 3339 date-time such as 2024-05-01T12:30:00Z") }
                    post.createdAt = seconds
                case .null: break
                default: throw reject("created_at", "must be an RFC 3339 string, not a \(member.typeName)")
                }
            case "followers", "likes", "shares", "comments":
                switch member {
                case .number(let number) where number >= 0: post.metrics[key] = number
                case .null: break
                default: throw reject(key, "must be a number >= 0")
                }
            default:
                if case .number(let number) = member, post.metrics.count < 64 { post.metrics[key] = number }
            }
        }
        guard sawText else { throw reject("text", "is required") }
        return post
    }
}
