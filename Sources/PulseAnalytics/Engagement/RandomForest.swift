import Foundation
import Synchronization

/// A trained random forest regressor: bagged CART trees whose predictions are averaged.
/// Immutable; a value type, safe to share across threads (predict from any number at once).
public struct RandomForest: Sendable, Equatable {
    public let trees: [RegressionTree]
    public let featureCount: Int
    public let parameters: ForestParameters
    public let seed: UInt64
    /// The trees again in one flat array, for prediction.
    private let flat: FlatForest

    init(trees: [RegressionTree], featureCount: Int, parameters: ForestParameters, seed: UInt64) {
        self.trees = trees
        self.flat = FlatForest(trees, width: featureCount)
        self.featureCount = featureCount
        self.parameters = parameters
        self.seed = seed
    }

    /// Trains `parameters.nEstimators` trees on all cores. Tree `i` draws its bootstrap sample and
    /// feature order from its own generator (`seed`, stream `i`), so the forest is the same for a
    /// given seed whatever the number of cores. `progress(done, total)` is called from worker
    /// threads after each tree. Blocks the calling thread until every tree is grown: call it from
    /// a dedicated thread (`DedicatedThread.run`), not from async code on the cooperative pool.
    public static func fit(
        _ features: FeatureMatrix, targets: [Double], parameters: ForestParameters = ForestParameters(),
        seed: UInt64 = 0, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> RandomForest {
        try parameters.validate()
        try TreeBuilder.checkShapes(features, targets: targets)
        let columns = SortedColumns(matrix: features, targets: targets)
        let count = parameters.nEstimators
        let slots = TreeSlots(count: count)
        let finished = Atomic<Int>(0)
        CooperativePool.concurrentPerform("RandomForest.fit", iterations: count) { index in
            var random = ForestRandom(seed: seed, stream: index)
            var weights: [Double]?
            if parameters.bootstrap {
                var counts = [Double](repeating: 0, count: columns.rowCount)
                for _ in 0..<columns.rowCount { counts[random.below(columns.rowCount)] += 1 }
                weights = counts
            }
            var builder = TreeBuilder(columns: columns, parameters: parameters, random: random)
            slots.store(builder.grow(weights: weights), at: index)
            let done = finished.add(1, ordering: .relaxed).newValue
            progress?(done, count)
        }
        return RandomForest(
            trees: slots.collect(), featureCount: features.columnCount, parameters: parameters, seed: seed)
    }

    /// The mean of the trees' predictions for one row of `featureCount` values.
    public func predict(_ row: [Double]) -> Double {
        precondition(row.count == featureCount, "row has \(row.count) features, forest needs \(featureCount)")
        return row.withUnsafeBufferPointer { predict($0) }
    }

    /// The mean of the trees' predictions for one row of `featureCount` values.
    public func predict(_ row: UnsafeBufferPointer<Double>) -> Double {
        precondition(row.count == featureCount, "row has \(row.count) features, forest needs \(featureCount)")
        return flat.sum(row.baseAddress!) * (1 / Double(trees.count))
    }

    /// Predictions for every row, computed in blocks of up to 4096 rows (tree by tree, so each
    /// tree is reused from cache across the block's rows) spread over all cores, or on the
    /// calling thread only. With `allCores` the caller must not be on the cooperative pool.
    public func predict(_ matrix: FeatureMatrix, allCores: Bool = true) -> [Double] {
        precondition(matrix.columnCount == featureCount, "matrix has \(matrix.columnCount) features, forest needs \(featureCount)")
        let rowCount = matrix.rowCount
        let blockSize = min(4096, max(64, rowCount / (2 * ProcessInfo.processInfo.activeProcessorCount)))
        let blocks = (rowCount + blockSize - 1) / blockSize
        var result = [Double](repeating: 0, count: rowCount)
        let scale = 1 / Double(trees.count)
        result.withUnsafeMutableBufferPointer { output in
            let output = SendableBuffer(output)
            matrix.values.withUnsafeBufferPointer { values in
                let values = SendableBuffer(UnsafeMutableBufferPointer(mutating: values))
                let predictBlock = { @Sendable (block: Int) in
                    let first = block * blockSize, last = min(rowCount, first + blockSize)
                    flat.accumulate(
                        values.base.baseAddress! + first * featureCount, rowCount: last - first,
                        into: output.base.baseAddress! + first)
                    for row in first..<last { output.base[row] *= scale }
                }
                if allCores {
                    CooperativePool.concurrentPerform("RandomForest.predict", iterations: blocks, execute: predictBlock)
                } else {
                    for block in 0..<blocks { predictBlock(block) }
                }
            }
        }
        return result
    }

    /// The prediction for one row split into a bias (the mean root value) and one contribution per
    /// feature: the change of node value at each split on that feature along the row's path,
    /// averaged over trees. `bias + contributions.sum() == prediction` up to rounding.
    public func explain(_ row: [Double]) -> ForestExplanation {
        precondition(row.count == featureCount, "row has \(row.count) features, forest needs \(featureCount)")
        var contributions = [Double](repeating: 0, count: featureCount)
        var bias = 0.0, prediction = 0.0
        row.withUnsafeBufferPointer { row in
            for tree in trees {
                bias += tree.addContributions(of: row, to: &contributions)
                prediction += tree.predict(row)
            }
        }
        let scale = 1 / Double(trees.count)
        return ForestExplanation(
            prediction: prediction * scale, bias: bias * scale, contributions: contributions.map { $0 * scale })
    }

    /// Mean impurity-based importance over the trees that split at least once, normalised to
    /// sum 1, as scikit-learn's `RandomForestRegressor.feature_importances_`.
    public func featureImportances() -> [Double] {
        var total = [Double](repeating: 0, count: featureCount)
        let splitting = trees.filter { $0.nodeCount > 1 }
        for tree in splitting {
            for (index, value) in tree.featureImportances().enumerated() { total[index] += value }
        }
        let sum = total.reduce(0, +)
        guard sum > 0 else { return total }
        return total.map { $0 / sum }
    }
}

/// One prediction of a forest decomposed by feature (see `RandomForest.explain`). A value type.
public struct ForestExplanation: Sendable, Equatable {
    public let prediction: Double
    /// The mean of the trees' root values: the prediction before any split.
    public let bias: Double
    /// One entry per encoded feature column.
    public let contributions: [Double]
}

/// A mutable buffer handed to concurrent workers that each write disjoint elements.
struct SendableBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Element>
    init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }
}

/// Per-index slots that concurrent tree builders fill, each index exactly once.
private final class TreeSlots: Sendable {
    private let lock = Mutex<[RegressionTree?]>([])
    init(count: Int) { lock.withLock { $0 = Array(repeating: nil, count: count) } }
    func store(_ tree: RegressionTree, at index: Int) { lock.withLock { $0[index] = tree } }
    func collect() -> [RegressionTree] { lock.withLock { $0.map { $0! } } }
}
