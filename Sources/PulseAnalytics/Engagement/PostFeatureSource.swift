/// A live post as a model's input, read field by field in place instead of through a
/// `DataRecord` dictionary: the fields `DataRecord(post:)` would hold (`text`, `hashtags`,
/// `author`, `platform`, `id`, `created_at`, every metric by name, metrics winning a name
/// clash), plus values the scorer already computed (the extracted hashtags, the VADER compound)
/// so they are not computed twice. A plain value built per prediction on the scoring thread.
public struct PostFeatureSource {
    public var post: Post
    /// `HashtagExtractor.extract(from: post.text)` when the scorer already has it (only used
    /// when the post has no explicit hashtags, exactly where that extraction applies).
    public var extractedHashtags: [String]?
    /// The VADER compound of `post.text`, when already computed.
    public var compound: Double?

    public init(post: Post, extractedHashtags: [String]? = nil, compound: Double? = nil) {
        self.post = post
        self.extractedHashtags = extractedHashtags
        self.compound = compound
    }

    /// The field `name` as `DataRecord(post:)[name]` would hold it.
    func field(_ name: String) -> FieldValue? {
        if let metric = post.metrics[name] { return .number(metric) }
        switch name {
        case "text": return .text(post.text)
        case "hashtags": return post.hashtags.map { .text($0.joined(separator: " ")) }
        case "author": return post.author.map(FieldValue.text)
        case "platform": return post.platform.map(FieldValue.text)
        case "id": return post.id.map(FieldValue.text)
        case "created_at": return post.createdAt.map(FieldValue.number)
        default: return nil
        }
    }

    /// The field unless it is absent or missing (as `DataRecord.present`).
    func present(_ name: String) -> FieldValue? {
        guard let value = field(name), !value.isMissing else { return nil }
        return value
    }

    /// The raw value of `feature` (nil when missing), as `InputFeature.rawValue(of:source:)` gives
    /// for `DataRecord(post: post)`.
    func rawValue(of feature: InputFeature, textSource: (any TextFeatureSource)?) -> FieldValue? {
        guard let derived = feature.derived else { return present(feature.name) }
        switch derived {
        case .hourOfDay, .dayOfWeek:
            guard let field = present("created_at"), let seconds = DerivedFeature.seconds(field) else { return nil }
            return derived.timeValue(seconds: seconds)
        case .textLength, .hashtagCount, .sentimentCompound, .cluster:
            guard case .text(let text)? = field("text") else { return nil }
            switch derived {
            case .textLength: return .number(Double(text.unicodeScalars.count))
            case .hashtagCount: return .number(Double(hashtags(text: text).count))
            case .sentimentCompound:
                guard let textSource else { return nil }
                return .number(compound ?? textSource.sentimentCompound(text))
            default:
                guard let id = textSource?.clusterID(text, hashtags: hashtags(text: text)) else { return nil }
                return .text(String(id))
            }
        }
    }

    /// `DerivedFeature.hashtags(of:text:)` for this post, reusing the extracted hashtags.
    private func hashtags(text: String) -> [String] {
        if let given = present("hashtags") { return DerivedFeature.splitHashtags(given) }
        if post.hashtags == nil, post.metrics["hashtags"] == nil, let extractedHashtags { return extractedHashtags }
        return HashtagExtractor.extract(from: text)
    }
}
