import Foundation

/// A trained engagement model: the preprocessing that turns a record into features, the forest,
/// and the report of its training. Immutable; a value type, safe to share across threads, so a
/// server can predict from many threads and swap in a retrained model atomically.
///
/// Stored as versioned JSON (`"format": "pulse-forest", "version": 1`). Features the model
/// cannot compute for a record count as missing: numeric ones take the training median, one-hot
/// ones (including unseen categories) encode as all zeros.
public struct EngagementModel: Sendable, Equatable {
    public static let format = "pulse-forest"
    public static let version = 1

    public let target: String
    public let preprocessor: FeaturePreprocessor
    public let forest: RandomForest
    public let report: TrainingReport

    /// Combines the parts; throws `ModelFileError.invalid` when they do not fit together.
    public init(target: String, preprocessor: FeaturePreprocessor, forest: RandomForest, report: TrainingReport) throws {
        try preprocessor.validate()
        guard preprocessor.encodedCount == forest.featureCount else {
            throw ModelFileError.invalid(
                "preprocessing makes \(preprocessor.encodedCount) columns but the forest expects \(forest.featureCount)")
        }
        self.target = target
        self.preprocessor = preprocessor
        self.forest = forest
        self.report = report
    }

    /// The derived features whose values need a `TextFeatureSource` (sentiment, cluster).
    public var requiredTextFeatures: [DerivedFeature] { preprocessor.derivedFeatures.filter(\.needsTextSource) }

    /// The predicted target for one record.
    public func predict(_ record: DataRecord, textFeatures: (any TextFeatureSource)? = nil) -> Double {
        forest.predict(preprocessor.encode(record, textSource: textFeatures))
    }

    /// The predicted target for a live post.
    public func predict(_ post: Post, textFeatures: (any TextFeatureSource)? = nil) -> Double {
        predict(PostFeatureSource(post: post), textFeatures: textFeatures)
    }

    /// Predictions for many records, spread over all cores.
    public func predict(_ records: [DataRecord], textFeatures: (any TextFeatureSource)? = nil) -> [Double] {
        forest.predict(preprocessor.encode(records, textSource: textFeatures))
    }

    /// The prediction for one record with each input feature's contribution (one-hot columns
    /// summed into their feature), largest magnitude first; bias + contributions = prediction.
    public func explain(_ record: DataRecord, textFeatures: (any TextFeatureSource)? = nil) -> EngagementExplanation {
        let explanation = forest.explain(preprocessor.encode(record, textSource: textFeatures))
        var perFeature = [Double](repeating: 0, count: preprocessor.features.count)
        for (column, owner) in preprocessor.encodedOwners.enumerated() {
            perFeature[owner] += explanation.contributions[column]
        }
        let values = zip(preprocessor.features, preprocessor.rawValues(of: record, textSource: textFeatures)).map { feature, value in
            feature.encoding == .numeric ? value?.number.map(FieldValue.number) : value
        }
        let contributions = preprocessor.features.indices.map { index in
            EngagementExplanation.Contribution(
                feature: preprocessor.features[index].name, value: values[index], contribution: perFeature[index])
        }.sorted { abs($0.contribution) > abs($1.contribution) }
        return EngagementExplanation(prediction: explanation.prediction, bias: explanation.bias, contributions: contributions)
    }
}

/// One prediction and why: the bias (the average training target seen by the trees) plus each
/// input feature's contribution. A value type; encodes as JSON for `/api/analyze`.
public struct EngagementExplanation: Sendable, Equatable, Codable {
    public struct Contribution: Sendable, Equatable, Codable {
        public let feature: String
        /// The record's raw value of the feature (nil/absent when missing).
        public let value: FieldValue?
        public let contribution: Double
    }

    public let prediction: Double
    public let bias: Double
    public let contributions: [Contribution]
}

/// Why a model file could not be loaded. A value type whose description is the message.
public enum ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case notJSON(String)
    case wrongFormat(String)
    case unsupportedVersion(Int)
    case invalid(String)

    public var description: String {
        switch self {
        case .notJSON(let detail): return "model file is not valid JSON: \(detail)"
        case .wrongFormat(let found): return "not a Pulse model file: format is '\(found)', expected '\(EngagementModel.format)'"
        case .unsupportedVersion(let version):
            return "model file version \(version) is not supported (this Pulse reads version \(EngagementModel.version))"
        case .invalid(let detail): return "invalid model file: \(detail)"
        }
    }
}
