import Foundation

/// The k dense centroids of `StreamingKMeans` with their decayed sizes. Each centroid is kept as
/// `scale × stored` so that moving it toward a sparse post costs O(nonzeros) instead of
/// O(dimension); its squared norm is maintained alongside. A value type owned by its
/// `StreamingKMeans`.
struct CentroidSet: Sendable, Codable {
    let k: Int
    let dimension: Int
    private let decayRate: Double
    private var stored: [Double]
    private var scales: [Double]
    private var norms: [Double]
    private var sizes: [Double]
    private var lastTime: Double?
    private var updatesSinceExactNorm = 0
    private(set) var isSeeded = false

    init(k: Int, dimension: Int, halfLife: Double) {
        self.k = k
        self.dimension = dimension
        decayRate = M_LN2 / halfLife
        stored = [Double](repeating: 0, count: k * dimension)
        scales = [Double](repeating: 1, count: k)
        norms = [Double](repeating: 0, count: k)
        sizes = [Double](repeating: 0, count: k)
    }

    /// Takes the centres of an offline model whose column `c` is our column `columns[c]`:
    /// our centroid `j` becomes the model's centre `modelCluster[j]` with decayed size `sizes[j]`.
    mutating func replace(with model: KMeansModel, columns: [Int], modelCluster: [Int], sizes: [Double], at now: Double) {
        precondition(model.k == k && model.dimension == columns.count && modelCluster.count == k && sizes.count == k)
        stored = [Double](repeating: 0, count: k * dimension)
        for j in 0..<k {
            for (compact, column) in columns.enumerated() {
                stored[j * dimension + column] = model.weight(cluster: modelCluster[j], column: compact)
            }
            scales[j] = 1
            recomputeNorm(j)
        }
        self.sizes = sizes
        lastTime = now
        isSeeded = true
    }

    /// Decayed sizes at `now`.
    func sizes(at now: Double) -> [Double] {
        let factor = exp(-decayRate * max(0, now - (lastTime ?? now)))
        return sizes.map { $0 * factor }
    }

    /// The nearest centroid (optionally ignoring one) and the squared distance to it.
    func nearest(_ x: SparseVector, excluding excluded: Int = -1) -> (cluster: Int, squaredDistance: Double) {
        let norm = x.squaredNorm
        return stored.withUnsafeBufferPointer { buffer in
            var best = 0
            var bestDistance = Double.infinity
            for j in 0..<k where j != excluded {
                let dot = scales[j] * x.dot(dense: buffer, offset: j * dimension)
                let distance = max(0, norm + norms[j] - 2 * dot)
                if distance < bestDistance { bestDistance = distance; best = j }
            }
            return (best, bestDistance)
        }
    }

    /// Assigns `x` to its nearest centroid and moves that centroid toward it by 1 / its decayed size.
    mutating func update(with x: SparseVector, at now: Double) -> Int {
        decaySizes(to: now)
        let (j, _) = nearest(x)
        let dot = stored.withUnsafeBufferPointer { scales[j] * x.dot(dense: $0, offset: j * dimension) }
        sizes[j] += 1
        let rate = 1 / sizes[j]
        let keep = 1 - rate
        if keep < 1e-9 {
            place(j, at: x, now: now)
            return j
        }
        scales[j] *= keep
        let step = rate / scales[j]
        let base = j * dimension
        for (index, value) in zip(x.indices, x.values) { stored[base + Int(index)] += step * value }
        norms[j] = keep * keep * norms[j] + 2 * rate * keep * dot + rate * rate * x.squaredNorm
        if scales[j] < 1e-100 { recomputeNorm(j) }
        updatesSinceExactNorm += 1
        if updatesSinceExactNorm >= 100_000 {
            updatesSinceExactNorm = 0
            for cluster in 0..<k { recomputeNorm(cluster) }
        }
        return j
    }

    /// Puts centroid `j` on `x` with a size of one post.
    mutating func place(_ j: Int, at x: SparseVector, now: Double) {
        decaySizes(to: now)
        let base = j * dimension
        for column in 0..<dimension { stored[base + column] = 0 }
        for (index, value) in zip(x.indices, x.values) { stored[base + Int(index)] = value }
        scales[j] = 1
        norms[j] = x.squaredNorm
        sizes[j] = 1
    }

    /// Zeroes a column whose term was replaced in the vocabulary.
    mutating func clearColumn(_ column: Int) {
        for j in 0..<k {
            let value = scales[j] * stored[j * dimension + column]
            norms[j] = max(0, norms[j] - value * value)
            stored[j * dimension + column] = 0
        }
    }

    /// The `n` columns with the largest positive weights in centroid `cluster`, largest first.
    func topColumns(cluster: Int, n: Int) -> [Int] {
        let base = cluster * dimension
        var best: [(column: Int, weight: Double)] = []
        for column in 0..<dimension {
            let weight = stored[base + column]
            guard weight > 0, best.count < n || weight > best[best.count - 1].weight else { continue }
            let position = best.firstIndex { weight > $0.weight } ?? best.count
            best.insert((column, weight), at: position)
            if best.count > n { best.removeLast() }
        }
        return best.map(\.column)
    }

    private mutating func decaySizes(to now: Double) {
        guard let last = lastTime else { lastTime = now; return }
        guard now > last else { return }
        let factor = exp(-decayRate * (now - last))
        for j in 0..<k { sizes[j] *= factor }
        lastTime = now
    }

    /// Folds the scale into the stored values and recomputes the exact squared norm.
    private mutating func recomputeNorm(_ j: Int) {
        let base = j * dimension
        var sum = 0.0
        for column in 0..<dimension {
            stored[base + column] *= scales[j]
            sum += stored[base + column] * stored[base + column]
        }
        scales[j] = 1
        norms[j] = sum
    }
}
