/// Hartigan's single-point moves after Lloyd: a point leaves its cluster `a` for cluster `b`
/// when that lowers the inertia once both centres have moved, i.e. when
/// `n_b / (n_b + 1) · ‖x − c_b‖² < n_a / (n_a − 1) · ‖x − c_a‖²`. Lloyd's fixed points are not
/// always fixed points of this rule, so it can only lower the inertia (never raise it), and it
/// often leaves a poor local optimum that Lloyd stops in.
extension KMeansModel {
    /// Runs passes over the data until no point moves (at most `maxPasses`); `labels` must be
    /// Lloyd's final assignment to the current centres. Updates the labels, centres and inertia.
    mutating func hartiganMoves(_ data: SparseMatrix, maxPasses: Int = 50) {
        guard k > 1, labels.count == data.rowCount else { return }
        var sizes = [Int](repeating: 0, count: k)
        for label in labels { sizes[label] += 1 }
        let rowNorms = data.rows.map(\.squaredNorm)
        for _ in 0..<maxPasses {
            var moved = false
            for (index, row) in data.rows.enumerated() {
                let from = labels[index]
                guard sizes[from] > 1 else { continue }
                let distances = squaredDistances(row, norm: rowNorms[index])
                let leaving = Double(sizes[from]) / Double(sizes[from] - 1) * distances[from]
                var best = from
                var bestCost = leaving
                for j in 0..<k where j != from {
                    let joining = Double(sizes[j]) / Double(sizes[j] + 1) * distances[j]
                    // A relative margin keeps rounding noise from moving a point back and forth.
                    if joining < bestCost * (1 - 1e-12) { best = j; bestCost = joining }
                }
                guard best != from else { continue }
                move(row, from: from, to: best, sizes: &sizes)
                labels[index] = best
                moved = true
            }
            updateNorms()
            if !moved { break }
        }
        var total = 0.0
        for (index, row) in data.rows.enumerated() {
            total += squaredDistances(row, norm: rowNorms[index])[labels[index]]
        }
        inertia = total
    }

    /// Moves `x` from cluster `from` to cluster `to`, shifting both centres to their new means.
    private mutating func move(_ x: SparseVector, from: Int, to: Int, sizes: inout [Int]) {
        let oldFrom = Double(sizes[from]), oldTo = Double(sizes[to])
        scaleCenter(from, by: oldFrom / (oldFrom - 1))
        addToCenter(from, x, weight: -1 / (oldFrom - 1))
        scaleCenter(to, by: oldTo / (oldTo + 1))
        addToCenter(to, x, weight: 1 / (oldTo + 1))
        sizes[from] -= 1
        sizes[to] += 1
        updateNorm(from)
        updateNorm(to)
    }
}
