/// Grows one CART regression tree (squared error) depth-first, the way scikit-learn's
/// `BestSplitter` does: at each node up to `max_features` non-constant features are tried in a
/// random order, every boundary between distinct sorted values is a candidate (threshold at the
/// midpoint), and the split maximising `sumL²/wL + sumR²/wR` wins (first found on ties).
///
/// Rows are kept per feature in sorted order and partitioned stably at every split, so no node
/// sorts. Owned by one caller (one builder per tree per thread).
struct TreeBuilder {
    /// Values closer than this count as equal, as scikit-learn's `FEATURE_THRESHOLD`.
    static let featureTolerance = 1e-7
    /// Node impurity at or below this makes a leaf, as scikit-learn's `EPSILON`.
    static let impurityTolerance = Double.ulpOfOne

    let columns: SortedColumns
    let parameters: ForestParameters
    var random: ForestRandom

    init(columns: SortedColumns, parameters: ForestParameters, random: ForestRandom) {
        self.columns = columns
        self.parameters = parameters
        self.random = random
    }

    static func checkShapes(_ features: FeatureMatrix, targets: [Double]) throws {
        guard features.rowCount == targets.count else {
            throw ForestError.invalidData("\(features.rowCount) feature rows but \(targets.count) targets")
        }
        guard features.rowCount >= 1 else { throw ForestError.invalidData("no training rows") }
        guard features.values.allSatisfy(\.isFinite), targets.allSatisfy(\.isFinite) else {
            throw ForestError.invalidData("training data contains NaN or infinite values")
        }
    }

    /// A statistics triple of a set of rows: total weight, weighted sum and weighted sum of squares.
    private struct Totals {
        var weight = 0.0, sum = 0.0, squares = 0.0
        var mean: Double { sum / weight }
        var impurity: Double { squares / weight - mean * mean }
    }

    private struct Split {
        var feature = -1, position = 0, threshold = 0.0
    }

    private struct Pending {
        var node: Int, start: Int, end: Int, depth: Int
    }

    /// Grows the tree on the rows with a positive weight (`nil`: every row, weight 1).
    mutating func grow(weights givenWeights: [Double]?) -> RegressionTree {
        let rowCount = columns.rowCount, featureCount = columns.featureCount
        let weights = givenWeights ?? [Double](repeating: 1, count: rowCount)
        // Per feature, the rows in the sample sorted by that feature.
        var order: [Int32] = []
        order.reserveCapacity(rowCount * featureCount)
        for feature in 0..<featureCount {
            for row in columns.sortedRows[(feature * rowCount)..<((feature + 1) * rowCount)] where weights[Int(row)] > 0 {
                order.append(row)
            }
        }
        let sampleCount = order.count / featureCount
        var nodes: [RegressionTree.Node] = []
        var goesLeft = [Bool](repeating: false, count: rowCount)
        var scratch = [Int32](repeating: 0, count: sampleCount)
        var featureOrder = Array(0..<featureCount)
        let maxFeatures = parameters.maxFeatures.resolved(featureCount: featureCount)
        let maxDepth = parameters.maxDepth ?? Int.max

        var nodeTotals: [Totals] = []
        func addNode(_ totals: Totals) {
            nodes.append(RegressionTree.Node(threshold: 0, feature: -1, left: 0))
            nodeTotals.append(totals)
        }
        addNode(totals(order[0..<sampleCount], weights: weights))
        var stack = [Pending(node: 0, start: 0, end: sampleCount, depth: 0)]
        while let pending = stack.popLast() {
            let count = pending.end - pending.start
            if pending.depth >= maxDepth || count < parameters.minSamplesSplit
                || count < 2 * parameters.minSamplesLeaf || nodeTotals[pending.node].impurity <= Self.impurityTolerance {
                continue
            }
            let split = bestSplit(
                order: order, sampleCount: sampleCount, start: pending.start, end: pending.end, weights: weights,
                total: nodeTotals[pending.node], maxFeatures: maxFeatures, featureOrder: &featureOrder)
            guard split.feature >= 0 else { continue }

            let splitBase = split.feature * sampleCount
            for rank in pending.start..<pending.end { goesLeft[Int(order[splitBase + rank])] = rank < split.position }
            for feature in 0..<featureCount where feature != split.feature {
                partition(&order, base: feature * sampleCount, pending.start, pending.end, goesLeft, &scratch)
            }
            let left = nodes.count
            nodes[pending.node] = RegressionTree.Node(threshold: split.threshold, feature: Int32(split.feature), left: Int32(left))
            let leftTotals = totals(order[(splitBase + pending.start)..<(splitBase + split.position)], weights: weights)
            let rightTotals = totals(order[(splitBase + split.position)..<(splitBase + pending.end)], weights: weights)
            addNode(leftTotals)
            addNode(rightTotals)
            stack.append(Pending(node: left + 1, start: split.position, end: pending.end, depth: pending.depth + 1))
            stack.append(Pending(node: left, start: pending.start, end: split.position, depth: pending.depth + 1))
        }
        return RegressionTree(
            nodes: nodes, values: nodeTotals.map(\.mean), impurities: nodeTotals.map { max(0, $0.impurity) },
            weights: nodeTotals.map(\.weight), featureCount: featureCount)
    }

    private func totals(_ rows: ArraySlice<Int32>, weights: [Double]) -> Totals {
        var result = Totals()
        for row in rows {
            let weight = weights[Int(row)], target = columns.targets[Int(row)]
            result.weight += weight
            result.sum += weight * target
            result.squares += weight * target * target
        }
        return result
    }

    /// Searches up to `maxFeatures` non-constant features (random order) for the best split of
    /// ranks `start..<end`; `feature` is -1 when no valid split exists.
    private mutating func bestSplit(
        order: [Int32], sampleCount: Int, start: Int, end: Int, weights: [Double], total: Totals,
        maxFeatures: Int, featureOrder: inout [Int]
    ) -> Split {
        var best = Split()
        var bestProxy = -Double.infinity
        var remaining = featureOrder.count, visited = 0
        let minLeaf = parameters.minSamplesLeaf, count = end - start, rowCount = columns.rowCount
        columns.values.withUnsafeBufferPointer { values in
        columns.targets.withUnsafeBufferPointer { targets in
        weights.withUnsafeBufferPointer { weights in
        order.withUnsafeBufferPointer { order in
            while remaining > 0 && visited < maxFeatures {
                let pick = random.below(remaining)
                featureOrder.swapAt(pick, remaining - 1)
                remaining -= 1
                let feature = featureOrder[remaining]
                let ranks = order.baseAddress! + feature * sampleCount
                let column = values.baseAddress! + feature * rowCount
                if column[Int(ranks[end - 1])] <= column[Int(ranks[start])] + Self.featureTolerance { continue }
                visited += 1
                var leftWeight = 0.0, leftSum = 0.0
                var current = column[Int(ranks[start])]
                for rank in start..<(end - 1) {
                    let row = Int(ranks[rank])
                    leftWeight += weights[row]
                    leftSum += weights[row] * targets[row]
                    let next = column[Int(ranks[rank + 1])]
                    defer { current = next }
                    if next <= current + Self.featureTolerance { continue }
                    let leftCount = rank + 1 - start
                    if leftCount < minLeaf || count - leftCount < minLeaf { continue }
                    let rightSum = total.sum - leftSum, rightWeight = total.weight - leftWeight
                    let proxy = leftSum * leftSum / leftWeight + rightSum * rightSum / rightWeight
                    if proxy > bestProxy {
                        bestProxy = proxy
                        best = Split(feature: feature, position: rank + 1, threshold: current / 2 + next / 2)
                    }
                }
            }
        }}}}
        return best
    }

    /// Stably moves the rows marked in `goesLeft` to the front of ranks `start..<end`.
    private func partition(
        _ order: inout [Int32], base: Int, _ start: Int, _ end: Int, _ goesLeft: [Bool], _ scratch: inout [Int32]
    ) {
        order.withUnsafeMutableBufferPointer { order in
            scratch.withUnsafeMutableBufferPointer { scratch in
                goesLeft.withUnsafeBufferPointer { goesLeft in
                    var write = base + start, spilled = 0
                    for rank in (base + start)..<(base + end) {
                        let row = order[rank]
                        if goesLeft[Int(row)] {
                            order[write] = row
                            write += 1
                        } else {
                            scratch[spilled] = row
                            spilled += 1
                        }
                    }
                    for index in 0..<spilled { order[write + index] = scratch[index] }
                }
            }
        }
    }
}
