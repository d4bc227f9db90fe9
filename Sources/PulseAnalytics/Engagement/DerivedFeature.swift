/// A feature computed from a record's text or time rather than read from a column:
/// `text_length` (Unicode scalars), `hashtag_count`, `hour_of_day` and `day_of_week`
/// (UTC, Monday = 0, from `created_at`), `sentiment_compound` and `cluster` (from a
/// `TextFeatureSource`). A value type, safe to share across threads.
public enum DerivedFeature: String, Sendable, Codable, CaseIterable {
    case textLength = "text_length"
    case hashtagCount = "hashtag_count"
    case hourOfDay = "hour_of_day"
    case dayOfWeek = "day_of_week"
    case sentimentCompound = "sentiment_compound"
    case cluster = "cluster"

    /// The column the feature is computed from.
    public var sourceColumn: String {
        switch self {
        case .hourOfDay, .dayOfWeek: return "created_at"
        default: return "text"
        }
    }

    /// True when the feature needs a `TextFeatureSource`.
    public var needsTextSource: Bool { self == .sentimentCompound || self == .cluster }

    /// True when the feature is a category (one-hot encoded) rather than a number.
    public var isCategorical: Bool { self == .cluster }

    /// The feature's value for `record`, nil when its source is missing (or, for sentiment and
    /// cluster, when no source is given or the post has no cluster).
    public func value(of record: DataRecord, source: (any TextFeatureSource)?) -> FieldValue? {
        switch self {
        case .hourOfDay, .dayOfWeek:
            guard let field = record.present("created_at"), let seconds = Self.seconds(field) else { return nil }
            return timeValue(seconds: seconds)
        case .textLength, .hashtagCount, .sentimentCompound, .cluster:
            guard case .text(let text)? = record["text"] else { return nil }
            switch self {
            case .textLength: return .number(Double(text.unicodeScalars.count))
            case .hashtagCount: return .number(Double(Self.hashtags(of: record, text: text).count))
            case .sentimentCompound: return source.map { .number($0.sentimentCompound(text)) }
            default:
                guard let id = source?.clusterID(text, hashtags: Self.hashtags(of: record, text: text)) else { return nil }
                return .text(String(id))
            }
        }
    }

    /// The record's `hashtags` field (words separated by spaces or commas, `#` optional), or
    /// else the hashtags of the text by Pulse's extraction rules (`HashtagExtractor`).
    static func hashtags(of record: DataRecord, text: String) -> [String] {
        if let given = record.present("hashtags") { return splitHashtags(given) }
        return HashtagExtractor.extract(from: text)
    }

    /// A `hashtags` field's words (separated by spaces or commas, `#` dropped, empties skipped).
    static func splitHashtags(_ given: FieldValue) -> [String] {
        given.label.split(whereSeparator: { $0 == " " || $0 == "," })
            .map { String($0.drop(while: { $0 == "#" })) }.filter { !$0.isEmpty }
    }

    /// `hour_of_day` or `day_of_week` (UTC, Monday = 0) of a time in seconds since 1970.
    func timeValue(seconds: Double) -> FieldValue {
        let days = (seconds / 86_400).rounded(.down)
        if self == .hourOfDay { return .number(((seconds - days * 86_400) / 3_600).rounded(.down)) }
        // 1970-01-01 was a Thursday (Monday = 0 makes it 3).
        let weekday = (Int64(days) + 3) % 7
        return .number(Double(weekday < 0 ? weekday + 7 : weekday))
    }

    /// Seconds since 1970 from a number or an RFC 3339 date-time (parsed by `RFC3339`, as ingest
    /// parses `created_at`).
    static func seconds(_ field: FieldValue) -> Double? {
        if let number = field.number { return number }
        return RFC3339.parse(field.label)
    }
}
