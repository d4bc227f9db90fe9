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
            let days = (seconds / 86_400).rounded(.down)
            if self == .hourOfDay { return .number(((seconds - days * 86_400) / 3_600).rounded(.down)) }
            // 1970-01-01 was a Thursday (Monday = 0 makes it 3).
            let weekday = (Int64(days) + 3) % 7
            return .number(Double(weekday < 0 ? weekday + 7 : weekday))
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
        if let given = record.present("hashtags") {
            return given.label.split(whereSeparator: { $0 == " " || $0 == "," })
                .map { String($0.drop(while: { $0 == "#" })) }.filter { !$0.isEmpty }
        }
        return HashtagExtractor.extract(from: text)
    }

    /// Seconds since 1970 from a number or an RFC 3339 / ISO 8601 date-time
    /// (`2026-11-25T10:20:00Z`, fractional seconds and `±hh:mm` offsets allowed).
    static func seconds(_ field: FieldValue) -> Double? {
        if let number = field.number { return number }
        let bytes = Array(field.label.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 19, let year = digits(0, 4), bytes[4] == 45, let month = digits(5, 2), bytes[7] == 45,
              let day = digits(8, 2), bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32,
              let hour = digits(11, 2), bytes[13] == 58, let minute = digits(14, 2), bytes[16] == 58,
              let second = digits(17, 2), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
              second < 61 else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 46 {
            var scale = 0.1
            index += 1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < bytes.count, bytes[index] == 90 || bytes[index] == 122 {
            index += 1
        } else if index < bytes.count, bytes[index] == 43 || bytes[index] == 45,
                  let hours = digits(index + 1, 2), bytes.count > index + 3, bytes[index + 3] == 58,
                  let minutes = digits(index + 4, 2) {
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        // Days from 1970-01-01 to the civil date (proleptic Gregorian calendar).
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Double(days * 86_400 + hour * 3_600 + minute * 60 + second - offset) + fraction
    }
}
