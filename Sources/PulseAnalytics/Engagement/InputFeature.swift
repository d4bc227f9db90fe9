/// One input feature of a model and how it becomes numbers: a numeric value (missing values
/// replaced by the training median) or a category one-hot encoded over the categories seen in
/// training, in sorted order (an unseen or missing category encodes as all zeros). Read from a
/// data column or derived from text/time (`DerivedFeature`). A value type, safe to share
/// across threads.
public struct InputFeature: Sendable, Equatable, Codable {
    public enum Source: String, Sendable, Codable { case column, derived }
    public enum Encoding: String, Sendable, Codable {
        case numeric
        case oneHot = "one_hot"
    }

    public let name: String
    public let source: Source
    public let encoding: Encoding
    /// Numeric features: the value used when a record has none.
    public let median: Double?
    /// One-hot features: the known categories, one encoded column each.
    public let categories: [String]?
    private let categoryOffsets: [String: Int]

    public init(name: String, source: Source, encoding: Encoding, median: Double? = nil, categories: [String]? = nil) {
        self.name = name
        self.source = source
        self.encoding = encoding
        self.median = median
        self.categories = categories
        var offsets: [String: Int] = [:]
        for (offset, category) in (categories ?? []).enumerated() { offsets[category] = offset }
        categoryOffsets = offsets
    }

    /// The names of the encoded columns: `name`, or `name=category` per category.
    public var encodedNames: [String] {
        encoding == .numeric ? [name] : (categories ?? []).map { "\(name)=\($0)" }
    }

    /// How many encoded columns it takes (`encodedNames.count`, without making the names).
    public var encodedWidth: Int { encoding == .numeric ? 1 : categories?.count ?? 0 }

    /// The derived feature this is, when `source` is `.derived`.
    public var derived: DerivedFeature? { source == .derived ? DerivedFeature(rawValue: name) : nil }

    /// The raw value of the feature for `record` (nil when missing).
    func rawValue(of record: DataRecord, source textSource: (any TextFeatureSource)?) -> FieldValue? {
        if let derived { return derived.value(of: record, source: textSource) }
        return record.present(name)
    }

    /// Writes the encoded columns for `value` at `output[0...]`.
    func encode(_ value: FieldValue?, into output: UnsafeMutablePointer<Double>) {
        switch encoding {
        case .numeric:
            output[0] = value?.number ?? median ?? 0
        case .oneHot:
            let count = categories?.count ?? 0
            for offset in 0..<count { output[offset] = 0 }
            if let value, let offset = categoryOffsets[value.label] { output[offset] = 1 }
        }
    }

    /// Throws `ModelFileError.invalid` when the description is inconsistent.
    func validate() throws {
        if name.isEmpty { throw ModelFileError.invalid("a feature has an empty name") }
        if source == .derived, derived == nil {
            throw ModelFileError.invalid("feature '\(name)' is not a known derived feature")
        }
        switch encoding {
        case .numeric:
            guard let median, median.isFinite else { throw ModelFileError.invalid("numeric feature '\(name)' has no finite median") }
        case .oneHot:
            guard let categories, !categories.isEmpty, Set(categories).count == categories.count else {
                throw ModelFileError.invalid("one-hot feature '\(name)' needs distinct categories")
            }
        }
    }

    enum CodingKeys: String, CodingKey { case name, source, encoding, median, categories }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            source: try container.decode(Source.self, forKey: .source),
            encoding: try container.decode(Encoding.self, forKey: .encoding),
            median: try container.decodeIfPresent(Double.self, forKey: .median),
            categories: try container.decodeIfPresent([String].self, forKey: .categories))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(source, forKey: .source)
        try container.encode(encoding, forKey: .encoding)
        try container.encodeIfPresent(median, forKey: .median)
        try container.encodeIfPresent(categories, forKey: .categories)
    }
}
