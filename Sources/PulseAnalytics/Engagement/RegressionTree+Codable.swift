/// A tree in the model file: parallel arrays, one entry per node (`feature` -1 marks a leaf,
/// whose `threshold` and `left` are 0).
extension RegressionTree: Codable {
    enum CodingKeys: String, CodingKey {
        case featureCount = "feature_count", feature, threshold, left, value, impurity, weight
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let featureCount = try container.decode(Int.self, forKey: .featureCount)
        let features = try container.decode([Int32].self, forKey: .feature)
        let thresholds = try container.decode([Double].self, forKey: .threshold)
        let lefts = try container.decode([Int32].self, forKey: .left)
        let values = try container.decode([Double].self, forKey: .value)
        let impurities = try container.decode([Double].self, forKey: .impurity)
        let weights = try container.decode([Double].self, forKey: .weight)
        let count = features.count
        guard count > 0, [thresholds.count, lefts.count, values.count, impurities.count, weights.count].allSatisfy({ $0 == count })
        else { throw ModelFileError.invalid("a tree's node arrays are empty or differ in length") }
        var referenced = [Bool](repeating: false, count: count)
        for index in 0..<count {
            guard values[index].isFinite else { throw ModelFileError.invalid("tree node \(index) has a non-finite value") }
            let feature = Int(features[index]), left = Int(lefts[index])
            guard feature >= 0 else { continue }
            guard feature < featureCount, left > index, left + 1 < count, !referenced[left], thresholds[index].isFinite
            else { throw ModelFileError.invalid("tree node \(index) has a bad feature, threshold or child index") }
            referenced[left] = true
            referenced[left + 1] = true
        }
        let nodes = (0..<count).map { index in
            features[index] < 0
                ? Node.leaf(at: index) : Node(threshold: thresholds[index], feature: features[index], left: lefts[index])
        }
        self.init(nodes: nodes, values: values, impurities: impurities, weights: weights, featureCount: featureCount)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(featureCount, forKey: .featureCount)
        try container.encode(nodes.indices.map { isLeaf($0) ? -1 : nodes[$0].feature }, forKey: .feature)
        try container.encode(nodes.indices.map { isLeaf($0) ? 0 : nodes[$0].threshold }, forKey: .threshold)
        try container.encode(nodes.indices.map { isLeaf($0) ? 0 : nodes[$0].left }, forKey: .left)
        try container.encode(values, forKey: .value)
        try container.encode(impurities, forKey: .impurity)
        try container.encode(weights, forKey: .weight)
    }
}

/// A forest in the model file: its parameters, seed and trees.
extension RandomForest: Codable {
    enum CodingKeys: String, CodingKey {
        case featureCount = "feature_count", params, seed, trees
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let featureCount = try container.decode(Int.self, forKey: .featureCount)
        let trees = try container.decode([RegressionTree].self, forKey: .trees)
        guard !trees.isEmpty, trees.allSatisfy({ $0.featureCount == featureCount }) else {
            throw ModelFileError.invalid("the forest has no trees or trees of another width than \(featureCount)")
        }
        self.init(
            trees: trees, featureCount: featureCount,
            parameters: try container.decode(ForestParameters.self, forKey: .params),
            seed: try container.decode(UInt64.self, forKey: .seed))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(featureCount, forKey: .featureCount)
        try container.encode(parameters, forKey: .params)
        try container.encode(seed, forKey: .seed)
        try container.encode(trees, forKey: .trees)
    }
}
