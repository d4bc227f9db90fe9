/// Turns records into feature rows, the same way in training and prediction: the model's input
/// features in order, each encoded by its `InputFeature` rule (median imputation, one-hot).
/// Saved inside the model file. A value type, safe to share across threads.
public struct FeaturePreprocessor: Sendable, Equatable, Codable {
    public let features: [InputFeature]

    public init(features: [InputFeature]) {
        self.features = features
    }

    /// The encoded column names, in the order the forest sees them.
    public var encodedNames: [String] { features.flatMap(\.encodedNames) }

    /// The number of encoded columns.
    public var encodedCount: Int { features.reduce(0) { $0 + $1.encodedWidth } }

    /// The derived features the model uses (so a caller knows what it must supply).
    public var derivedFeatures: [DerivedFeature] { features.compactMap(\.derived) }

    /// The most categories a one-hot feature may have.
    public static let maxCategories = 1000

    /// Learns the encoding of `names` from training records: a name that is a column of the data
    /// is numeric when every present value is a number, else categorical; a name that is no
    /// column but a `DerivedFeature` is derived. Medians and categories come from these records.
    public static func fit(
        records: [DataRecord], features names: [String], textSource: (any TextFeatureSource)?
    ) throws -> FeaturePreprocessor {
        var columns = Set<String>()
        for record in records { columns.formUnion(record.fields.keys) }
        var features: [InputFeature] = []
        for name in names {
            let source: InputFeature.Source
            var values: [FieldValue]
            var categorical: Bool
            if columns.contains(name) {
                source = .column
                values = records.compactMap { $0.present(name) }
                categorical = values.contains { $0.number == nil }
            } else if let derived = DerivedFeature(rawValue: name) {
                guard columns.contains(derived.sourceColumn) else {
                    throw TrainingError.invalidRequest(
                        "derived feature '\(name)' needs a '\(derived.sourceColumn)' column in the data")
                }
                if derived.needsTextSource && textSource == nil { throw TrainingError.needsTextSource(name) }
                source = .derived
                values = records.compactMap { derived.value(of: $0, source: textSource) }
                categorical = derived.isCategorical
            } else {
                throw TrainingError.unknownColumn(name, available: columns.sorted())
            }
            guard !values.isEmpty else { throw TrainingError.emptyColumn(name) }
            if categorical {
                let categories = Set(values.map(\.label)).sorted()
                guard categories.count <= maxCategories else {
                    throw TrainingError.invalidRequest(
                        "column '\(name)' is not numeric and has \(categories.count) distinct values, too many to one-hot encode (at most \(maxCategories))")
                }
                features.append(InputFeature(name: name, source: source, encoding: .oneHot, categories: categories))
            } else {
                let median = Self.median(values.compactMap(\.number))
                features.append(InputFeature(name: name, source: source, encoding: .numeric, median: median))
            }
        }
        return FeaturePreprocessor(features: features)
    }

    /// The encoded feature row of one record.
    public func encode(_ record: DataRecord, textSource: (any TextFeatureSource)? = nil) -> [Double] {
        var row = [Double](repeating: 0, count: encodedCount)
        row.withUnsafeMutableBufferPointer { encode(record, textSource: textSource, into: $0.baseAddress!) }
        return row
    }

    /// The encoded rows of many records.
    public func encode(_ records: [DataRecord], textSource: (any TextFeatureSource)? = nil) -> FeatureMatrix {
        let width = encodedCount
        var values = [Double](repeating: 0, count: records.count * width)
        values.withUnsafeMutableBufferPointer { buffer in
            for (index, record) in records.enumerated() {
                encode(record, textSource: textSource, into: buffer.baseAddress! + index * width)
            }
        }
        return FeatureMatrix(columnCount: width, values: values)
    }

    /// Each input feature's raw value for `record`, as used by `encode` (nil when missing).
    public func rawValues(of record: DataRecord, textSource: (any TextFeatureSource)? = nil) -> [FieldValue?] {
        features.map { $0.rawValue(of: record, source: textSource) }
    }

    /// For each encoded column, the index of the input feature it belongs to.
    var encodedOwners: [Int] {
        features.enumerated().flatMap { index, feature in Array(repeating: index, count: feature.encodedWidth) }
    }

    func validate() throws {
        guard !features.isEmpty else { throw ModelFileError.invalid("the model has no features") }
        guard Set(features.map(\.name)).count == features.count else {
            throw ModelFileError.invalid("the model names a feature twice")
        }
        for feature in features { try feature.validate() }
    }

    private func encode(_ record: DataRecord, textSource: (any TextFeatureSource)?, into output: UnsafeMutablePointer<Double>) {
        var offset = 0
        for feature in features {
            feature.encode(feature.rawValue(of: record, source: textSource), into: output + offset)
            offset += feature.encoding == .numeric ? 1 : feature.categories?.count ?? 0
        }
    }

    /// The median as numpy computes it (mean of the two middle values for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
