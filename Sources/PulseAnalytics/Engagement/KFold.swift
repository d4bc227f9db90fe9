/// K-fold cross-validation splits: the rows shuffled once with a seed, then cut into `folds`
/// contiguous parts whose sizes differ by at most one (the first `n % folds` parts one larger,
/// as scikit-learn's `KFold`). A value type, safe to share across threads.
public struct KFold: Sendable, Equatable {
    public let folds: Int
    public let seed: UInt64

    public init(folds: Int, seed: UInt64) {
        precondition(folds >= 2, "k-fold needs at least 2 folds")
        self.folds = folds
        self.seed = seed
    }

    /// For each fold, the training rows and the held-out rows (each ascending).
    public func splits(rowCount: Int) -> [(train: [Int], test: [Int])] {
        precondition(rowCount >= folds, "\(rowCount) rows cannot make \(folds) folds")
        var order = Array(0..<rowCount)
        var random = ForestRandom(seed: seed)
        order.shuffle(using: &random)
        var result: [(train: [Int], test: [Int])] = []
        var start = 0
        for fold in 0..<folds {
            let size = rowCount / folds + (fold < rowCount % folds ? 1 : 0)
            let held = Set(order[start..<(start + size)])
            result.append((train: (0..<rowCount).filter { !held.contains($0) }, test: held.sorted()))
            start += size
        }
        return result
    }
}
