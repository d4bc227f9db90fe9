/// The silhouette coefficient exactly as `sklearn.metrics.silhouette_score` computes it with
/// the euclidean metric: distances `sqrt(max(‖x‖² + ‖y‖² − 2x·y, 0))` with a zero diagonal;
/// per point `a` = mean distance to the other members of its cluster, `b` = smallest mean
/// distance to another cluster, `s = (b − a) / max(a, b)`, and `s = 0` for a point alone in its
/// cluster (or when `a = b = 0`); the score is the mean of `s`. O(n²): pass a bounded sample.
/// Stateless; safe to use from any thread.
public enum Silhouette {
    /// The mean silhouette, or nil unless 2 ≤ distinct labels ≤ n − 1 (where scikit-learn raises).
    public static func score(_ rows: [SparseVector], labels: [Int]) -> Double? {
        guard let samples = samples(rows, labels: labels) else { return nil }
        return samples.reduce(0, +) / Double(samples.count)
    }

    /// The silhouette of every point, or nil unless 2 ≤ distinct labels ≤ n − 1.
    public static func samples(_ rows: [SparseVector], labels: [Int]) -> [Double]? {
        precondition(rows.count == labels.count, "one label per row")
        let n = rows.count
        let distinct = Array(Set(labels)).sorted()
        guard distinct.count >= 2, distinct.count <= n - 1 else { return nil }
        let code = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        let clusterOf = labels.map { code[$0]! }
        var sizes = [Double](repeating: 0, count: distinct.count)
        for cluster in clusterOf { sizes[cluster] += 1 }
        let norms = rows.map(\.squaredNorm)
        var result = [Double](repeating: 0, count: n)
        var sums = [Double](repeating: 0, count: distinct.count)
        for i in 0..<n {
            for cluster in sums.indices { sums[cluster] = 0 }
            for j in 0..<n where j != i {
                let squared = -2 * rows[i].dot(rows[j]) + norms[i] + norms[j]
                sums[clusterOf[j]] += max(squared, 0).squareRoot()
            }
            let own = clusterOf[i]
            let a = sums[own] / (sizes[own] - 1)
            var b = Double.infinity
            for cluster in sums.indices where cluster != own { b = min(b, sums[cluster] / sizes[cluster]) }
            let s = (b - a) / max(a, b)
            result[i] = s.isNaN ? 0 : s
        }
        return result
    }
}
