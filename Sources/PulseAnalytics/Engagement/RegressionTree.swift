/// One trained CART regression tree in a flat array-of-nodes layout: node 0 is the root, an
/// internal node's children sit at `left` and `left + 1`, and a row goes left when
/// `row[feature] <= threshold`. Immutable; a value type, safe to share across threads.
public struct RegressionTree: Sendable, Equatable {
    /// The part of a node that prediction touches, packed into 16 bytes.
    struct Node: Sendable, Equatable {
        var threshold: Double
        /// The split feature, or -1 for a leaf.
        var feature: Int32
        /// The left child's index (the right child is `left + 1`); 0 for a leaf.
        var left: Int32
    }

    let nodes: [Node]
    /// Each node's (weighted) mean target: a leaf's prediction, an internal node's path value.
    let values: [Double]
    /// Each node's weighted variance of the target (squared-error impurity).
    let impurities: [Double]
    /// Each node's total sample weight (bootstrap counts).
    let weights: [Double]
    /// How many features a row must have.
    public let featureCount: Int

    /// The number of nodes, leaves included.
    public var nodeCount: Int { nodes.count }

    /// The depth of the deepest leaf (a lone root has depth 0).
    public var depth: Int {
        var deepest = 0
        var stack: [(Int, Int)] = [(0, 0)]
        while let (index, level) = stack.popLast() {
            deepest = max(deepest, level)
            let node = nodes[index]
            if node.feature >= 0 {
                stack.append((Int(node.left), level + 1))
                stack.append((Int(node.left) + 1, level + 1))
            }
        }
        return deepest
    }

    init(nodes: [Node], values: [Double], impurities: [Double], weights: [Double], featureCount: Int) {
        self.nodes = nodes
        self.values = values
        self.impurities = impurities
        self.weights = weights
        self.featureCount = featureCount
    }

    /// Grows one tree on every row (no bootstrap), e.g. to compare with scikit-learn's
    /// `DecisionTreeRegressor`; `seed` only orders the features tried at each split.
    public static func fit(
        _ features: FeatureMatrix, targets: [Double], parameters: ForestParameters = ForestParameters(), seed: UInt64 = 0
    ) throws -> RegressionTree {
        try parameters.validate()
        try TreeBuilder.checkShapes(features, targets: targets)
        let columns = SortedColumns(matrix: features, targets: targets)
        var builder = TreeBuilder(columns: columns, parameters: parameters, random: ForestRandom(seed: seed))
        return builder.grow(weights: nil)
    }

    /// The prediction for one row of `featureCount` values.
    @inline(__always)
    public func predict(_ row: UnsafeBufferPointer<Double>) -> Double {
        nodes.withUnsafeBufferPointer { nodes in
            var index = 0
            while true {
                let node = nodes[index]
                if node.feature < 0 { return values[index] }
                index = Int(node.left) + (row[Int(node.feature)] <= node.threshold ? 0 : 1)
            }
        }
    }

    /// The prediction for one row of `featureCount` values.
    public func predict(_ row: [Double]) -> Double {
        precondition(row.count == featureCount, "row has \(row.count) features, tree needs \(featureCount)")
        return row.withUnsafeBufferPointer { predict($0) }
    }

    /// Adds each split feature's change of node value along the row's path to `contributions`
    /// and returns the root value (the bias): root value + added changes = the prediction.
    func addContributions(of row: UnsafeBufferPointer<Double>, to contributions: inout [Double]) -> Double {
        var index = 0
        while nodes[index].feature >= 0 {
            let node = nodes[index]
            let child = Int(node.left) + (row[Int(node.feature)] <= node.threshold ? 0 : 1)
            contributions[Int(node.feature)] += values[child] - values[index]
            index = child
        }
        return values[0]
    }

    /// Impurity decrease per feature, weighted by node weight, normalised to sum 1 (all zero for
    /// a lone root), as scikit-learn's `feature_importances_`.
    public func featureImportances() -> [Double] {
        var importances = [Double](repeating: 0, count: featureCount)
        for (index, node) in nodes.enumerated() where node.feature >= 0 {
            let left = Int(node.left), right = left + 1
            importances[Int(node.feature)] += weights[index] * impurities[index]
                - weights[left] * impurities[left] - weights[right] * impurities[right]
        }
        let total = importances.reduce(0, +)
        guard total > 0 else { return importances }
        return importances.map { $0 / total }
    }
}
