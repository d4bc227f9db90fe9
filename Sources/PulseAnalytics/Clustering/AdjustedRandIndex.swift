/// The adjusted Rand index of two labelings (as `sklearn.metrics.adjusted_rand_score`): 1 for
/// identical partitions (up to renaming), about 0 for random ones. Stateless.
public enum AdjustedRandIndex {
    public static func score(_ first: [Int], _ second: [Int]) -> Double {
        precondition(first.count == second.count, "labelings must have the same length")
        let n = first.count
        var pairs: [Int64: Double] = [:]
        var rows: [Int: Double] = [:]
        var columns: [Int: Double] = [:]
        for (a, b) in zip(first, second) {
            pairs[Int64(a) << 32 ^ Int64(UInt32(truncatingIfNeeded: b)), default: 0] += 1
            rows[a, default: 0] += 1
            columns[b, default: 0] += 1
        }
        // Both trivial (one cluster each, or all singletons): identical partitions.
        if rows.count == columns.count && (rows.count == 1 || rows.count == n) { return 1 }
        func choose2(_ x: Double) -> Double { x * (x - 1) / 2 }
        let index = pairs.values.reduce(0) { $0 + choose2($1) }
        let rowSum = rows.values.reduce(0) { $0 + choose2($1) }
        let columnSum = columns.values.reduce(0) { $0 + choose2($1) }
        let expected = rowSum * columnSum / choose2(Double(n))
        let maximum = (rowSum + columnSum) / 2
        return maximum == expected ? 1 : (index - expected) / (maximum - expected)
    }
}
