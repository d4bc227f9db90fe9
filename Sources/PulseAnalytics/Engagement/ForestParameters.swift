/// The hyper-parameters of a random forest, named and defaulted as scikit-learn's
/// `RandomForestRegressor` (100 trees, bootstrap, all features, unlimited depth,
/// `min_samples_split` 2, `min_samples_leaf` 1). A value type, safe to share across threads.
public struct ForestParameters: Sendable, Hashable, Codable {
    public var nEstimators: Int
    /// nil grows each tree until its leaves are pure or too small to split.
    public var maxDepth: Int?
    public var minSamplesSplit: Int
    public var minSamplesLeaf: Int
    public var maxFeatures: MaxFeatures
    /// Each tree sees a bootstrap sample (n draws with replacement) when true, every row when false.
    public var bootstrap: Bool

    public init(
        nEstimators: Int = 100, maxDepth: Int? = nil, minSamplesSplit: Int = 2,
        minSamplesLeaf: Int = 1, maxFeatures: MaxFeatures = .all, bootstrap: Bool = true
    ) {
        self.nEstimators = nEstimators
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
        self.maxFeatures = maxFeatures
        self.bootstrap = bootstrap
    }

    /// Throws `ForestError.invalidParameter` naming the first value out of range.
    public func validate() throws {
        if nEstimators < 1 { throw ForestError.invalidParameter("n_estimators must be at least 1, got \(nEstimators)") }
        if let maxDepth, maxDepth < 1 { throw ForestError.invalidParameter("max_depth must be at least 1 or none, got \(maxDepth)") }
        if minSamplesSplit < 2 { throw ForestError.invalidParameter("min_samples_split must be at least 2, got \(minSamplesSplit)") }
        if minSamplesLeaf < 1 { throw ForestError.invalidParameter("min_samples_leaf must be at least 1, got \(minSamplesLeaf)") }
        switch maxFeatures {
        case .count(let count) where count < 1:
            throw ForestError.invalidParameter("max_features must be at least 1, got \(count)")
        case .fraction(let fraction) where !(fraction > 0 && fraction <= 1):
            throw ForestError.invalidParameter("max_features fraction must be in (0, 1], got \(fraction)")
        default: break
        }
    }

    enum CodingKeys: String, CodingKey {
        case nEstimators = "n_estimators", maxDepth = "max_depth", minSamplesSplit = "min_samples_split"
        case minSamplesLeaf = "min_samples_leaf", maxFeatures = "max_features", bootstrap
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nEstimators, forKey: .nEstimators)
        try container.encode(maxDepth, forKey: .maxDepth)  // explicit null means "unlimited"
        try container.encode(minSamplesSplit, forKey: .minSamplesSplit)
        try container.encode(minSamplesLeaf, forKey: .minSamplesLeaf)
        try container.encode(maxFeatures, forKey: .maxFeatures)
        try container.encode(bootstrap, forKey: .bootstrap)
    }
}

/// Why a forest could not be trained or used. A value type.
public enum ForestError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidParameter(String)
    case invalidData(String)

    public var description: String {
        switch self {
        case .invalidParameter(let text), .invalidData(let text): return text
        }
    }
}
