import PulseAnalytics
import Testing

/// Metrics against values computed by hand (and matching scikit-learn's definitions).
@Suite struct ClassificationMetricsTests {
    @Test func threeClassExampleMatchesHandComputation() {
        // truth:     pos pos pos neg neg neu neu neu neu pos
        // predicted: pos neg pos neg neu neu pos neu neu pos
        let truth = ["positive", "positive", "positive", "negative", "negative", "neutral", "neutral", "neutral", "neutral", "positive"]
        let predicted = ["positive", "negative", "positive", "negative", "neutral", "neutral", "positive", "neutral", "neutral", "positive"]
        let metrics = ClassificationMetrics(truth: truth, predicted: predicted)
        #expect(metrics.labels == ["negative", "neutral", "positive"])
        // rows = truth, columns = predicted
        #expect(metrics.confusionMatrix == [[1, 1, 0], [0, 3, 1], [1, 0, 3]])
        #expect(metrics.accuracy == 0.7)
        let negative = metrics.perClass[0], neutral = metrics.perClass[1], positive = metrics.perClass[2]
        // negative: tp 1, predicted 2, support 2 -> p 1/2, r 1/2, f1 2/4
        #expect(negative == .init(precision: 0.5, recall: 0.5, f1: 0.5, support: 2))
        // neutral: tp 3, predicted 4, support 4 -> p 3/4, r 3/4, f1 6/8
        #expect(neutral == .init(precision: 0.75, recall: 0.75, f1: 0.75, support: 4))
        // positive: tp 3, predicted 4, support 4 -> p 3/4, r 3/4, f1 6/8
        #expect(positive == .init(precision: 0.75, recall: 0.75, f1: 0.75, support: 4))
        #expect(metrics.macroF1 == (0.5 + 0.75 + 0.75) / 3)
    }

    @Test func unequalPrecisionAndRecall() {
        // a: tp 2, predicted 3, support 2 -> p 2/3, r 1, f1 4/5
        // b: tp 1, predicted 1, support 2 -> p 1, r 1/2, f1 2/3
        let metrics = ClassificationMetrics(truth: ["a", "a", "b", "b"], predicted: ["a", "a", "a", "b"])
        #expect(metrics.perClass[0] == .init(precision: 2.0 / 3.0, recall: 1, f1: 4.0 / 5.0, support: 2))
        #expect(metrics.perClass[1] == .init(precision: 1, recall: 0.5, f1: 2.0 / 3.0, support: 2))
        #expect(metrics.accuracy == 0.75)
        #expect(metrics.macroF1 == (4.0 / 5.0 + 2.0 / 3.0) / 2)
    }

    @Test func classNeverPredictedOrAbsentGetsZeroNotNaN() {
        // "c" is truly present but never predicted; "d" is predicted but never true.
        let metrics = ClassificationMetrics(truth: ["c", "c", "e"], predicted: ["d", "d", "e"])
        #expect(metrics.labels == ["c", "d", "e"])
        #expect(metrics.perClass[0] == .init(precision: 0, recall: 0, f1: 0, support: 2))
        #expect(metrics.perClass[1] == .init(precision: 0, recall: 0, f1: 0, support: 0))
        #expect(metrics.perClass[2] == .init(precision: 1, recall: 1, f1: 1, support: 1))
        #expect(metrics.macroF1 == 1.0 / 3.0)
        #expect(metrics.accuracy == 1.0 / 3.0)
    }

    @Test func explicitLabelsKeepAbsentClassesAndOrder() {
        let metrics = ClassificationMetrics(truth: ["x"], predicted: ["x"], labels: ["y", "x"])
        #expect(metrics.confusionMatrix == [[0, 0], [0, 1]])
        #expect(metrics.perClass[0].f1 == 0)
        #expect(metrics.macroF1 == 0.5)
    }

    @Test func noSamples() {
        let metrics = ClassificationMetrics(truth: [], predicted: [])
        #expect(metrics.labels.isEmpty && metrics.accuracy == 0 && metrics.macroF1 == 0 && metrics.sampleCount == 0)
    }
}
