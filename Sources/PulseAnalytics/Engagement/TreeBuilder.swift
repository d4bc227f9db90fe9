/// Grows one CART regression tree (squared error) depth-first, the way scikit-learn's
/// `BestSplitter` does: at each node up to `max_features` non-constant features are tried in a
/// random order, every boundary between distinct sorted values is a candidate (threshold at the
/// midpoint), and the split maximising `sumL²/wL + sumR²/wR` wins (first found on ties).
///
/// The sample (rows with positive weight) is renumbered 0..<m, and each feature keeps its
/// values and sample numbers in sorted order, partitioned stably at every split, so no node
/// sorts and split search reads memory sequentially. Owned by one caller (one per tree).
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

    /// Total weight, weighted sum and weighted sum of squares of a set of samples.
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

    /// The per-tree working arrays, indexed by sample number or by `feature * m + rank`.
    private struct Workspace {
        var weight: [Double], weightedTarget: [Double], weightedSquare: [Double]
        var sortedValue: [Double], sortedSample: [Int32]
        var goesLeft: [Bool], scratchValue: [Double], scratchSample: [Int32]
        let sampleCount: Int
    }

    /// Grows the tree on the rows with a positive weight (`nil`: every row, weight 1).
    mutating func grow(weights: [Double]?) -> RegressionTree {
        var space = makeWorkspace(weights: weights)
        let featureCount = columns.featureCount, m = space.sampleCount
        var nodes: [RegressionTree.Node] = []
        var nodeTotals: [Totals] = []
        func addNode(_ totals: Totals) {
            nodes.append(.leaf(at: nodes.count))
            nodeTotals.append(totals)
        }
        var featureOrder = Array(0..<featureCount)
        let maxFeatures = parameters.maxFeatures.resolved(featureCount: featureCount)
        let maxDepth = parameters.maxDepth ?? Int.max

        addNode(totals(space, feature: 0, 0, m))
        var stack = [Pending(node: 0, start: 0, end: m, depth: 0)]
        while let pending = stack.popLast() {
            let count = pending.end - pending.start
            if pending.depth >= maxDepth || count < parameters.minSamplesSplit
                || count < 2 * parameters.minSamplesLeaf || nodeTotals[pending.node].impurity <= Self.impurityTolerance {
                continue
            }
            let split = bestSplit(
                space, pending.start, pending.end, total: nodeTotals[pending.node], maxFeatures: maxFeatures,
                featureOrder: &featureOrder)
            guard split.feature >= 0 else { continue }
            partition(&space, around: split, pending.start, pending.end)
            let left = nodes.count
            nodes[pending.node] = RegressionTree.Node(threshold: split.threshold, feature: Int32(split.feature), left: Int32(left))
            addNode(totals(space, feature: split.feature, pending.start, split.position))
            addNode(totals(space, feature: split.feature, split.position, pending.end))
            stack.append(Pending(node: left + 1, start: split.position, end: pending.end, depth: pending.depth + 1))
            stack.append(Pending(node: left, start: pending.start, end: split.position, depth: pending.depth + 1))
        }
        return RegressionTree(
            nodes: nodes, values: nodeTotals.map(\.mean), impurities: nodeTotals.map { max(0, $0.impurity) },
            weights: nodeTotals.map(\.weight), featureCount: featureCount)
    }

    private func makeWorkspace(weights: [Double]?) -> Workspace {
        let rowCount = columns.rowCount, featureCount = columns.featureCount
        var sampleOfRow = [Int32](repeating: -1, count: rowCount)
        var weight: [Double] = [], weightedTarget: [Double] = [], weightedSquare: [Double] = []
        for row in 0..<rowCount {
            let w = weights?[row] ?? 1
            guard w > 0 else { continue }
            let y = columns.targets[row]
            sampleOfRow[row] = Int32(weight.count)
            weight.append(w)
            weightedTarget.append(w * y)
            weightedSquare.append(w * y * y)
        }
        let m = weight.count
        var sortedValue: [Double] = [], sortedSample: [Int32] = []
        sortedValue.reserveCapacity(m * featureCount)
        sortedSample.reserveCapacity(m * featureCount)
        for feature in 0..<featureCount {
            for row in columns.sortedRows[(feature * rowCount)..<((feature + 1) * rowCount)] {
                let sample = sampleOfRow[Int(row)]
                guard sample >= 0 else { continue }
                sortedSample.append(sample)
                sortedValue.append(columns.values[feature * rowCount + Int(row)])
            }
        }
        return Workspace(
            weight: weight, weightedTarget: weightedTarget, weightedSquare: weightedSquare, sortedValue: sortedValue,
            sortedSample: sortedSample, goesLeft: [Bool](repeating: false, count: m),
            scratchValue: [Double](repeating: 0, count: m), scratchSample: [Int32](repeating: 0, count: m), sampleCount: m)
    }

    private func totals(_ space: Workspace, feature: Int, _ start: Int, _ end: Int) -> Totals {
        var result = Totals()
        let base = feature * space.sampleCount
        for rank in start..<end {
            let sample = Int(space.sortedSample[base + rank])
            result.weight += space.weight[sample]
            result.sum += space.weightedTarget[sample]
            result.squares += space.weightedSquare[sample]
        }
        return result
    }

    /// Searches up to `maxFeatures` non-constant features (random order) for the best split of
    /// ranks `start..<end`; `feature` is -1 when no valid split exists.
    private mutating func bestSplit(
        _ space: Workspace, _ start: Int, _ end: Int, total: Totals, maxFeatures: Int, featureOrder: inout [Int]
    ) -> Split {
        var best = Split()
        var bestProxy = -Double.infinity
        var remaining = featureOrder.count, visited = 0
        let minLeaf = parameters.minSamplesLeaf, count = end - start, m = space.sampleCount
        let tolerance = Self.featureTolerance
        space.sortedValue.withUnsafeBufferPointer { sortedValue in
        space.sortedSample.withUnsafeBufferPointer { sortedSample in
        space.weight.withUnsafeBufferPointer { weight in
        space.weightedTarget.withUnsafeBufferPointer { weightedTarget in
            while remaining > 0 && visited < maxFeatures {
                let pick = random.below(remaining)
                featureOrder.swapAt(pick, remaining - 1)
                remaining -= 1
                let feature = featureOrder[remaining]
                let values = sortedValue.baseAddress! + feature * m
                let samples = sortedSample.baseAddress! + feature * m
                if values[end - 1] <= values[start] + tolerance { continue }
                visited += 1
                var leftWeight = 0.0, leftSum = 0.0
                var current = values[start]
                for rank in start..<(end - 1) {
                    let sample = Int(samples[rank])
                    leftWeight += weight[sample]
                    leftSum += weightedTarget[sample]
                    let next = values[rank + 1]
                    if next > current + tolerance {
                        let leftCount = rank + 1 - start
                        if leftCount >= minLeaf && count - leftCount >= minLeaf {
                            let rightSum = total.sum - leftSum, rightWeight = total.weight - leftWeight
                            let proxy = leftSum * leftSum / leftWeight + rightSum * rightSum / rightWeight
                            if proxy > bestProxy {
                                bestProxy = proxy
                                best = Split(feature: feature, position: rank + 1, threshold: current / 2 + next / 2)
                            }
                        }
                    }
                    current = next
                }
            }
        }}}}
        return best
    }

    /// Stably reorders ranks `start..<end` of every other feature so that the samples going
    /// left come first, as they already do in the split feature.
    private func partition(_ space: inout Workspace, around split: Split, _ start: Int, _ end: Int) {
        let m = space.sampleCount
        let splitBase = split.feature * m
        for rank in start..<end { space.goesLeft[Int(space.sortedSample[splitBase + rank])] = rank < split.position }
        let featureCount = columns.featureCount
        space.sortedValue.withUnsafeMutableBufferPointer { sortedValue in
        space.sortedSample.withUnsafeMutableBufferPointer { sortedSample in
        space.scratchValue.withUnsafeMutableBufferPointer { scratchValue in
        space.scratchSample.withUnsafeMutableBufferPointer { scratchSample in
        space.goesLeft.withUnsafeBufferPointer { goesLeft in
            for feature in 0..<featureCount where feature != split.feature {
                let values = sortedValue.baseAddress! + feature * m, samples = sortedSample.baseAddress! + feature * m
                var write = start, spilled = 0
                for rank in start..<end {
                    let sample = samples[rank], value = values[rank]
                    if goesLeft[Int(sample)] {
                        samples[write] = sample
                        values[write] = value
                        write += 1
                    } else {
                        scratchSample[spilled] = sample
                        scratchValue[spilled] = value
                        spilled += 1
                    }
                }
                for index in 0..<spilled {
                    samples[write + index] = scratchSample[index]
                    values[write + index] = scratchValue[index]
                }
            }
        }}}}}
    }
}
