/// Grid search with k-fold cross-validation: every combination of a `ParameterGrid` is trained
/// on each fold's training rows and scored by mean squared error on its held-out rows; the
/// lowest mean wins (the first on ties). Stateless; runs on the caller's thread, each forest
/// itself on all cores.
public enum GridSearch {
    /// The outcome for one combination.
    public struct Candidate: Sendable, Equatable, Codable {
        public let params: ForestParameters
        public let meanMSE: Double
        public let foldMSE: [Double]

        enum CodingKeys: String, CodingKey {
            case params
            case meanMSE = "mean_mse"
            case foldMSE = "fold_mse"
        }
    }

    /// Every candidate in grid order and the index of the best.
    public struct Result: Sendable, Equatable {
        public let candidates: [Candidate]
        public let bestIndex: Int
        public var best: Candidate { candidates[bestIndex] }
    }

    /// Runs the search. `progress(done, total)` counts finished (combination, fold) fits.
    public static func run(
        _ features: FeatureMatrix, targets: [Double], grid: ParameterGrid, folds: KFold, seed: UInt64,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> Result {
        let splits = folds.splits(rowCount: features.rowCount)
        let combinations = grid.combinations
        var candidates: [Candidate] = []
        var done = 0
        for parameters in combinations {
            var scores: [Double] = []
            for split in splits {
                let forest = try RandomForest.fit(
                    features.selecting(rows: split.train), targets: split.train.map { targets[$0] },
                    parameters: parameters, seed: seed)
                let predicted = forest.predict(features.selecting(rows: split.test))
                scores.append(RegressionMetrics.meanSquaredError(split.test.map { targets[$0] }, predicted))
                done += 1
                progress?(done, combinations.count * splits.count)
            }
            candidates.append(Candidate(params: parameters, meanMSE: scores.reduce(0, +) / Double(scores.count), foldMSE: scores))
        }
        var bestIndex = 0
        for (index, candidate) in candidates.enumerated() where candidate.meanMSE < candidates[bestIndex].meanMSE {
            bestIndex = index
        }
        return Result(candidates: candidates, bestIndex: bestIndex)
    }
}
