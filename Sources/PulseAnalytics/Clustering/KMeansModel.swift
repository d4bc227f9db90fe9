/// Dense k-means centres over sparse data, with the labels and inertia of the data they were
/// fitted on. A plain value, shared freely.
public struct KMeansModel: Sendable, Codable {
    public let k: Int
    public let dimension: Int
    /// Centre `j` occupies `centers[j * dimension ..< (j + 1) * dimension]`.
    public private(set) var centers: [Double]
    public internal(set) var labels: [Int] = []
    /// Σ‖x − centre(x)‖² over the fitted rows.
    public internal(set) var inertia = Double.infinity
    public private(set) var iterations = 0
    private var centerNorms: [Double]

    /// Centres placed on the given points.
    public init(dimension: Int, centers points: [SparseVector]) {
        k = points.count
        self.dimension = dimension
        centers = [Double](repeating: 0, count: points.count * dimension)
        for (j, point) in points.enumerated() {
            for (index, value) in zip(point.indices, point.values) { centers[j * dimension + Int(index)] = value }
        }
        centerNorms = []
        updateNorms()
    }

    /// The nearest centre of `x` and the squared distance to it (ties: lowest index).
    public func nearest(_ x: SparseVector) -> (cluster: Int, squaredDistance: Double) {
        let norm = x.squaredNorm
        return centers.withUnsafeBufferPointer { buffer in
            var best = 0
            var bestDistance = Double.infinity
            for j in 0..<k {
                let distance = max(0, norm + centerNorms[j] - 2 * x.dot(dense: buffer, offset: j * dimension))
                if distance < bestDistance { bestDistance = distance; best = j }
            }
            return (best, bestDistance)
        }
    }

    /// The weight of `column` in centre `cluster`.
    public func weight(cluster: Int, column: Int) -> Double { centers[cluster * dimension + column] }

    /// The `n` columns with the largest positive weights in centre `cluster`, largest first.
    public func topColumns(cluster: Int, n: Int) -> [Int] {
        let base = cluster * dimension
        return (0..<dimension).filter { centers[base + $0] > 0 }
            .sorted { centers[base + $0] > centers[base + $1] || (centers[base + $0] == centers[base + $1] && $0 < $1) }
            .prefix(n).map { $0 }
    }

    /// Lloyd iterations from the current centres, then the final labels and inertia.
    mutating func refine(_ data: SparseMatrix, maxIterations: Int, shiftThreshold: Double) {
        var labels = [Int](repeating: -1, count: data.rowCount)
        var distances = [Double](repeating: 0, count: data.rowCount)
        var converged = false
        iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let previous = labels
            assign(data, labels: &labels, distances: &distances)
            let shift = recomputeCenters(data, labels: &labels, distances: distances)
            if labels == previous { converged = true; break }
            if shift <= shiftThreshold { break }
        }
        if !converged { assign(data, labels: &labels, distances: &distances) }
        self.labels = labels
        inertia = distances.reduce(0, +)
    }

    private func assign(_ data: SparseMatrix, labels: inout [Int], distances: inout [Double]) {
        for (index, row) in data.rows.enumerated() {
            let (cluster, distance) = nearest(row)
            labels[index] = cluster
            distances[index] = distance
        }
    }

    /// Moves every centre to the mean of its points (an empty cluster takes the farthest
    /// point from its centre); returns the total squared shift of the centres.
    private mutating func recomputeCenters(_ data: SparseMatrix, labels: inout [Int], distances: [Double]) -> Double {
        var sizes = [Int](repeating: 0, count: k)
        for label in labels { sizes[label] += 1 }
        let empty = (0..<k).filter { sizes[$0] == 0 }
        if !empty.isEmpty {
            let farthest = distances.indices.sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
            for (cluster, point) in zip(empty, farthest) where sizes[labels[point]] > 1 {
                sizes[labels[point]] -= 1
                labels[point] = cluster
                sizes[cluster] = 1
            }
        }
        var sums = [Double](repeating: 0, count: k * dimension)
        for (row, label) in zip(data.rows, labels) {
            for (index, value) in zip(row.indices, row.values) { sums[label * dimension + Int(index)] += value }
        }
        var shift = 0.0
        for j in 0..<k where sizes[j] > 0 {
            let count = Double(sizes[j])
            for column in 0..<dimension {
                let updated = sums[j * dimension + column] / count
                let delta = updated - centers[j * dimension + column]
                shift += delta * delta
                centers[j * dimension + column] = updated
            }
        }
        updateNorms()
        return shift
    }

    mutating func updateNorms() {
        for j in 0..<k { updateNorm(j) }
    }

    mutating func updateNorm(_ j: Int) {
        if centerNorms.count != k { centerNorms = [Double](repeating: 0, count: k) }
        var sum = 0.0
        for column in 0..<dimension { sum += centers[j * dimension + column] * centers[j * dimension + column] }
        centerNorms[j] = sum
    }

    /// ‖x − centre j‖² for every centre, by the dot-product expansion clipped at 0.
    func squaredDistances(_ x: SparseVector, norm: Double) -> [Double] {
        centers.withUnsafeBufferPointer { buffer in
            (0..<k).map { j in max(0, norm + centerNorms[j] - 2 * x.dot(dense: buffer, offset: j * dimension)) }
        }
    }

    mutating func scaleCenter(_ j: Int, by factor: Double) {
        for column in 0..<dimension { centers[j * dimension + column] *= factor }
    }

    mutating func addToCenter(_ j: Int, _ x: SparseVector, weight: Double) {
        for (index, value) in zip(x.indices, x.values) { centers[j * dimension + Int(index)] += weight * value }
    }
}
