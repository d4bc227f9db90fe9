/// Offline k-means on sparse rows, as scikit-learn's `KMeans` (Lloyd) runs it: greedy k-means++
/// seeding (`KMeansPlusPlus`), Lloyd iterations until the labels stop changing or the centres
/// move less than `tolerance` × the mean per-column variance, empty clusters moved to the
/// farthest points, `nInit` restarts keeping the lowest inertia. With `hartigan` (the default)
/// each restart then takes Hartigan's single-point moves, which can only lower its inertia, so
/// for the same `nInit` the result is at least as good as scikit-learn's. A value type; `fit`
/// does not mutate it.
public struct KMeans: Sendable {
    public var k: Int
    public var nInit: Int
    public var maxIterations: Int
    public var tolerance: Double
    public var seed: UInt64
    /// Hartigan's single-point moves after Lloyd (false: exactly scikit-learn's procedure).
    public var hartigan: Bool

    public init(k: Int, nInit: Int = 10, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0,
                hartigan: Bool = true) {
        self.k = k
        self.hartigan = hartigan
        self.nInit = nInit
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
    }

    /// Clusters `data` (needs at least `k` rows).
    public func fit(_ data: SparseMatrix) -> KMeansModel {
        precondition(k >= 1 && data.rowCount >= k, "need at least k rows")
        var random = SplitMix64(seed: seed)
        let threshold = tolerance * meanColumnVariance(data)
        var best: KMeansModel?
        for _ in 0..<max(1, nInit) {
            let seeds = KMeansPlusPlus.seedIndices(data.rows, k: k, random: &random)
            var model = KMeansModel(dimension: data.columnCount, centers: seeds.map { data.rows[$0] })
            model.refine(data, maxIterations: maxIterations, shiftThreshold: threshold)
            if hartigan { model.hartiganMoves(data) }
            if best == nil || model.inertia < best!.inertia { best = model }
        }
        return best!
    }

    /// Mean over columns of the column variances (scikit-learn scales `tol` by it).
    private func meanColumnVariance(_ data: SparseMatrix) -> Double {
        guard data.columnCount > 0, data.rowCount > 0 else { return 0 }
        var sums = [Double](repeating: 0, count: data.columnCount)
        var squares = [Double](repeating: 0, count: data.columnCount)
        for row in data.rows {
            for (index, value) in zip(row.indices, row.values) {
                sums[Int(index)] += value
                squares[Int(index)] += value * value
            }
        }
        let n = Double(data.rowCount)
        var total = 0.0
        for column in 0..<data.columnCount {
            let mean = sums[column] / n
            total += max(0, squares[column] / n - mean * mean)
        }
        return total / Double(data.columnCount)
    }
}
