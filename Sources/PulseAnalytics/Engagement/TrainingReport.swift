/// What training produced and measured, saved in the model file and printed by `pulse train`:
/// held-out test scores, cross-validation, the grid, the chosen parameters, feature
/// importances (per input feature, one-hot columns summed), row counts and time.
/// A value type, safe to share across threads.
public struct TrainingReport: Sendable, Equatable, Codable {
    /// Scores on the held-out test rows; `r2` is nil when undefined (fewer than two rows).
    public struct Scores: Sendable, Equatable, Codable {
        public let mse: Double
        public let mae: Double
        public let r2: Double?

        enum CodingKeys: String, CodingKey { case mse, mae, r2 }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(mse, forKey: .mse)
            try container.encode(mae, forKey: .mae)
            try container.encode(r2, forKey: .r2)  // explicit null when undefined
        }
    }

    public struct CrossValidation: Sendable, Equatable, Codable {
        public let folds: Int
        /// The best combination's mean MSE over the folds.
        public let meanMSE: Double
        enum CodingKeys: String, CodingKey { case folds, meanMSE = "mean_mse" }
    }

    public let target: String
    public let features: [String]
    public let encodedFeatures: [String]
    public let test: Scores
    public let cv: CrossValidation?
    public let bestParams: ForestParameters
    public let grid: [GridSearch.Candidate]
    public let featureImportances: [String: Double]
    public let nTrain: Int
    public let nTest: Int
    public let trainSeconds: Double
    /// The final forest's fit alone (on encoded rows, all cores), without CV and preprocessing.
    public let finalFitSeconds: Double
    public let seed: UInt64

    enum CodingKeys: String, CodingKey {
        case target, features, test, cv, grid, seed
        case encodedFeatures = "encoded_features", bestParams = "best_params"
        case featureImportances = "feature_importances", nTrain = "n_train", nTest = "n_test"
        case trainSeconds = "train_seconds", finalFitSeconds = "final_fit_seconds"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(target, forKey: .target)
        try container.encode(features, forKey: .features)
        try container.encode(encodedFeatures, forKey: .encodedFeatures)
        try container.encode(test, forKey: .test)
        try container.encode(cv, forKey: .cv)  // null when cross-validation was skipped
        try container.encode(bestParams, forKey: .bestParams)
        try container.encode(grid, forKey: .grid)
        try container.encode(featureImportances, forKey: .featureImportances)
        try container.encode(nTrain, forKey: .nTrain)
        try container.encode(nTest, forKey: .nTest)
        try container.encode(trainSeconds, forKey: .trainSeconds)
        try container.encode(finalFitSeconds, forKey: .finalFitSeconds)
        try container.encode(seed, forKey: .seed)
    }
}
