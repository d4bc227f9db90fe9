/// One field of a data record: a number, or text (a CSV cell, a JSON string or boolean).
/// A value type, safe to share across threads.
public enum FieldValue: Sendable, Hashable, Codable {
    case number(Double)
    case text(String)

    /// Spellings of a text cell that mean "no value" (compared case-insensitively).
    static let missingSpellings: Set<String> = ["", "na", "n/a", "nan", "null", "none"]

    /// True for NaN, the empty string and NA/N/A/NaN/null/None.
    public var isMissing: Bool {
        switch self {
        case .number(let value): return value.isNaN
        case .text(let text):
            return Self.missingSpellings.contains(text.trimmingSpaces.lowercased())
        }
    }

    /// The value as a finite number: numbers as they are, text that parses as a number.
    public var number: Double? {
        switch self {
        case .number(let value): return value.isFinite ? value : nil
        case .text(let text):
            guard let value = Double(text.trimmingSpaces), value.isFinite else { return nil }
            return value
        }
    }

    /// The value as a category label (numbers in shortest form, `3.0` as `3`).
    public var label: String {
        switch self {
        case .text(let text): return text.trimmingSpaces
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        }
    }

    /// Decodes a JSON number or string (booleans become "true"/"false").
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let flag = try? container.decode(Bool.self) {
            self = .text(flag ? "true" : "false")
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    /// Encodes as a plain JSON number (null when not finite) or string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
        case .text(let text): try container.encode(text)
        }
    }
}

/// One input row for training or prediction: column name → value, plus the source line for
/// error messages. CSV rows, JSONL objects and live posts (`init(post:)`) all map to it.
/// A value type, safe to share across threads.
public struct DataRecord: Sendable, Hashable {
    public var fields: [String: FieldValue]
    /// 1-based line of the source file where the record starts, when it came from a file.
    public var line: Int?

    public init(_ fields: [String: FieldValue], line: Int? = nil) {
        self.fields = fields
        self.line = line
    }

    /// A live post as a record: `text`, `hashtags` (space-separated, when given), `author`,
    /// `platform`, `id`, `created_at` (seconds since 1970) and every metric by name.
    public init(post: Post) {
        var fields: [String: FieldValue] = ["text": .text(post.text)]
        if let hashtags = post.hashtags { fields["hashtags"] = .text(hashtags.joined(separator: " ")) }
        if let author = post.author { fields["author"] = .text(author) }
        if let platform = post.platform { fields["platform"] = .text(platform) }
        if let id = post.id { fields["id"] = .text(id) }
        if let createdAt = post.createdAt { fields["created_at"] = .number(createdAt) }
        for (name, value) in post.metrics { fields[name] = .number(value) }
        self.init(fields)
    }

    public subscript(name: String) -> FieldValue? {
        get { fields[name] }
        set { fields[name] = newValue }
    }

    /// The field unless it is absent or missing.
    public func present(_ name: String) -> FieldValue? {
        guard let value = fields[name], !value.isMissing else { return nil }
        return value
    }

    /// "line 12" or "record 5" (1-based `index`), for error messages.
    public func location(index: Int) -> String {
        line.map { "line \($0)" } ?? "record \(index + 1)"
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
