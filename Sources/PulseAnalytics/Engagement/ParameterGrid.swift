/// The hyper-parameter values a grid search tries: every combination of the listed values.
/// Parsed from `name=v1,v2;name=v1,...` with names `n_estimators`, `max_depth` (`none` for
/// unlimited), `min_samples_split`, `min_samples_leaf` and `max_features`; names left out keep
/// the `base` value. A value type, safe to share across threads.
public struct ParameterGrid: Sendable, Equatable {
    public var nEstimators: [Int]
    public var maxDepth: [Int?]
    public var minSamplesSplit: [Int]
    public var minSamplesLeaf: [Int]
    public var maxFeatures: [MaxFeatures]
    public var bootstrap: Bool

    /// A grid of one combination: `base`.
    public init(_ base: ForestParameters = ForestParameters()) {
        nEstimators = [base.nEstimators]
        maxDepth = [base.maxDepth]
        minSamplesSplit = [base.minSamplesSplit]
        minSamplesLeaf = [base.minSamplesLeaf]
        maxFeatures = [base.maxFeatures]
        bootstrap = base.bootstrap
    }

    /// Parses the grid syntax; throws `ForestError.invalidParameter` naming the bad part.
    public init(parsing text: String, base: ForestParameters = ForestParameters()) throws {
        self.init(base)
        var seen = Set<String>()
        for part in text.split(separator: ";", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1)
            let name = pieces.first.map { String($0).trimmingSpaces } ?? ""
            guard pieces.count == 2, !name.isEmpty else {
                throw ForestError.invalidParameter("grid part '\(part)' is not name=value,value,...")
            }
            guard seen.insert(name).inserted else { throw ForestError.invalidParameter("grid names '\(name)' twice") }
            let values = pieces[1].split(separator: ",").map { String($0).trimmingSpaces }
            guard !values.isEmpty, !values.contains("") else {
                throw ForestError.invalidParameter("grid parameter '\(name)' has an empty value")
            }
            func integers(minimum: Int) throws -> [Int] {
                try values.map { value in
                    guard let number = Int(value), number >= minimum else {
                        throw ForestError.invalidParameter("grid parameter '\(name)': '\(value)' is not an integer >= \(minimum)")
                    }
                    return number
                }
            }
            switch name {
            case "n_estimators": nEstimators = try integers(minimum: 1)
            case "min_samples_split": minSamplesSplit = try integers(minimum: 2)
            case "min_samples_leaf": minSamplesLeaf = try integers(minimum: 1)
            case "max_depth":
                maxDepth = try values.map { value in
                    if value.lowercased() == "none" { return nil }
                    guard let number = Int(value), number >= 1 else {
                        throw ForestError.invalidParameter("grid parameter 'max_depth': '\(value)' is not 'none' or an integer >= 1")
                    }
                    return number
                }
            case "max_features":
                maxFeatures = try values.map { value in
                    guard let parsed = MaxFeatures(parsing: value) else {
                        throw ForestError.invalidParameter("grid parameter 'max_features': '\(value)' is not an integer, a fraction in (0, 1], sqrt, log2 or all")
                    }
                    return parsed
                }
            default:
                throw ForestError.invalidParameter("unknown grid parameter '\(name)' (known: n_estimators, max_depth, min_samples_split, min_samples_leaf, max_features)")
            }
        }
    }

    /// Every combination, the last-named parameter varying fastest.
    public var combinations: [ForestParameters] {
        var result: [ForestParameters] = []
        for trees in nEstimators {
            for depth in maxDepth {
                for split in minSamplesSplit {
                    for leaf in minSamplesLeaf {
                        for features in maxFeatures {
                            result.append(ForestParameters(
                                nEstimators: trees, maxDepth: depth, minSamplesSplit: split, minSamplesLeaf: leaf,
                                maxFeatures: features, bootstrap: bootstrap))
                        }
                    }
                }
            }
        }
        return result
    }
}
