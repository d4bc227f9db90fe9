/// One trained CART regression tree in a flat array-of-nodes layout: node 0 is the root, an
/// internal node's children sit at `left` and `left + 1`, and a row goes left when
/// `row[feature] <= threshold`. Immutable; a value type, safe to share across threads.
public struct RegressionTree: Sendable, Equatable {
    /// The part of a node that prediction touches, packed into 16 bytes. A leaf points to
    /// itself (`left` = its own index, threshold +infinity, feature 0), so a row that reaches
    /// it stays there: prediction can take a fixed number of steps without branching.
    struct Node: Sendable, Equatable {
        var threshold: Double
        var feature: Int32
        /// The left child's index (the right child is `left + 1`), or the node's own index for a leaf.
        var left: Int32

        static func leaf(at index: Int) -> Node { Node(threshold: .infinity, feature: 0, left: Int32(index)) }
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
    /// The depth of the deepest leaf (a lone root has depth 0).
    public let depth: Int

    /// The number of nodes, leaves included.
    public var nodeCount: Int { nodes.count }

    init(nodes: [Node], values: [Double], impurities: [Double], weights: [Double], featureCount: Int) {
        self.nodes = nodes
        self.values = values
        self.impurities = impurities
        self.weights = weights
        self.featureCount = featureCount
        var levels = [Int](repeating: 0, count: nodes.count)
        var deepest = 0
        for index in nodes.indices where Int(nodes[index].left) != index {
            let left = Int(nodes[index].left)
            levels[left] = levels[index] + 1
            levels[left + 1] = levels[index] + 1
            deepest = max(deepest, levels[index] + 1)
        }
        depth = deepest
    }

    /// True when node `index` is a leaf.
    func isLeaf(_ index: Int) -> Bool { Int(nodes[index].left) == index }

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
                let next = Int(node.left) + (row[Int(node.feature)] > node.threshold ? 1 : 0)
                if next == index { return values[index] }
                index = next
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
        while !isLeaf(index) {
            let node = nodes[index]
            let child = Int(node.left) + (row[Int(node.feature)] > node.threshold ? 1 : 0)
            contributions[Int(node.feature)] += values[child] - values[index]
            index = child
        }
        return values[0]
    }

    /// Impurity decrease per feature, weighted by node weight, normalised to sum 1 (all zero for
    /// a lone root), as scikit-learn's `feature_importances_`.
    public func featureImportances() -> [Double] {
        var importances = [Double](repeating: 0, count: featureCount)
        for (index, node) in nodes.enumerated() where !isLeaf(index) {
            let left = Int(node.left), right = left + 1
            importances[Int(node.feature)] += weights[index] * impurities[index]
                - weights[left] * impurities[left] - weights[right] * impurities[right]
        }
        let total = importances.reduce(0, +)
        guard total > 0 else { return importances }
        return importances.map { $0 / total }
    }
}
