/// Regression quality measures with scikit-learn's definitions (`mean_squared_error`,
/// `mean_absolute_error`, `r2_score`). Stateless functions, safe from any thread.
public enum RegressionMetrics {
    /// Mean of squared differences; 0 for empty input.
    public static func meanSquaredError(_ actual: [Double], _ predicted: [Double]) -> Double {
        precondition(actual.count == predicted.count, "actual and predicted differ in length")
        guard !actual.isEmpty else { return 0 }
        var sum = 0.0
        for (a, p) in zip(actual, predicted) { sum += (a - p) * (a - p) }
        return sum / Double(actual.count)
    }

    /// Mean of absolute differences; 0 for empty input.
    public static func meanAbsoluteError(_ actual: [Double], _ predicted: [Double]) -> Double {
        precondition(actual.count == predicted.count, "actual and predicted differ in length")
        guard !actual.isEmpty else { return 0 }
        var sum = 0.0
        for (a, p) in zip(actual, predicted) { sum += abs(a - p) }
        return sum / Double(actual.count)
    }

    /// Coefficient of determination, 1 - SS_res / SS_tot. As scikit-learn: when the actual values
    /// are constant, 1 for a perfect prediction and 0 otherwise; NaN for fewer than two values.
    public static func r2(_ actual: [Double], _ predicted: [Double]) -> Double {
        precondition(actual.count == predicted.count, "actual and predicted differ in length")
        guard actual.count >= 2 else { return .nan }
        let mean = actual.reduce(0, +) / Double(actual.count)
        var residual = 0.0, total = 0.0
        for (a, p) in zip(actual, predicted) {
            residual += (a - p) * (a - p)
            total += (a - mean) * (a - mean)
        }
        if total == 0 { return residual == 0 ? 1 : 0 }
        return 1 - residual / total
    }
}
