/// Accuracy, per-class precision / recall / F1, macro F1 and the confusion matrix of
/// predicted against true labels, computed as scikit-learn computes them with
/// `zero_division=0` (a ratio with a zero denominator is 0). A plain value, safe to share
/// across threads.
public struct ClassificationMetrics: Sendable, Hashable {
    /// Scores of one class.
    public struct ClassScores: Sendable, Hashable {
        /// True positives / predicted as this class (0 when nothing was predicted as it).
        public var precision: Double
        /// True positives / truly of this class (0 when the class has no samples).
        public var recall: Double
        /// 2 tp / (2 tp + fp + fn), i.e. the harmonic mean of precision and recall (0 when undefined).
        public var f1: Double
        /// Number of samples truly of this class.
        public var support: Int

        public init(precision: Double, recall: Double, f1: Double, support: Int) {
            self.precision = precision
            self.recall = recall
            self.f1 = f1
            self.support = support
        }
    }

    /// The classes, sorted; by default every label that occurs in the truth or the predictions.
    public let labels: [String]
    /// `confusionMatrix[t][p]`: samples of true class `labels[t]` predicted as `labels[p]`.
    public let confusionMatrix: [[Int]]
    /// Scores per class, in the order of `labels`.
    public let perClass: [ClassScores]
    /// Share of samples whose prediction equals the truth (0 for no samples).
    public let accuracy: Double
    /// Unweighted mean of the per-class F1 scores (0 for no classes).
    public let macroF1: Double
    /// Number of samples.
    public let sampleCount: Int

    /// Compares `predicted` with `truth` (same length). `labels` fixes the classes and their
    /// order; samples whose labels are not among them count for accuracy only.
    public init(truth: [String], predicted: [String], labels: [String]? = nil) {
        precondition(truth.count == predicted.count, "truth and predictions differ in length")
        let labels = labels ?? Array(Set(truth).union(predicted)).sorted()
        var position: [String: Int] = [:]
        for (index, label) in labels.enumerated() { position[label] = index }
        var matrix = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        var correct = 0
        for (actual, guess) in zip(truth, predicted) {
            if actual == guess { correct += 1 }
            if let row = position[actual], let column = position[guess] { matrix[row][column] += 1 }
        }
        var perClass: [ClassScores] = []
        for index in labels.indices {
            let truePositives = matrix[index][index]
            let support = matrix[index].reduce(0, +)
            let predictedCount = matrix.reduce(0) { $0 + $1[index] }
            perClass.append(
                ClassScores(
                    precision: Self.ratio(Double(truePositives), Double(predictedCount)),
                    recall: Self.ratio(Double(truePositives), Double(support)),
                    f1: Self.ratio(2 * Double(truePositives), Double(support) + Double(predictedCount)),
                    support: support))
        }
        self.labels = labels
        self.confusionMatrix = matrix
        self.perClass = perClass
        self.sampleCount = truth.count
        self.accuracy = Self.ratio(Double(correct), Double(truth.count))
        self.macroF1 = Self.ratio(perClass.reduce(0) { $0 + $1.f1 }, Double(perClass.count))
    }

    /// Mean of the per-class F1 scores weighted by their support (scikit-learn's
    /// `average="weighted"`; 0 when no sample has a listed class).
    public var weightedF1: Double {
        let support = perClass.reduce(0) { $0 + $1.support }
        return Self.ratio(perClass.reduce(0) { $0 + $1.f1 * Double($1.support) }, Double(support))
    }

    private static func ratio(_ numerator: Double, _ denominator: Double) -> Double {
        denominator == 0 ? 0 : numerator / denominator
    }
}
