import Foundation

/// k-means++ seeding as scikit-learn does it: the first centre is a uniformly random point;
/// every next one is the best of `2 + ⌊ln k⌋` candidates drawn with probability proportional
/// to the squared distance to the nearest chosen centre, "best" meaning the candidate that
/// leaves the smallest total squared distance. Stateless; the caller owns the random generator.
public enum KMeansPlusPlus {
    /// Indices of the `k` rows chosen as initial centres (k ≤ number of rows).
    public static func seedIndices(_ rows: [SparseVector], k: Int, random: inout SplitMix64) -> [Int] {
        let n = rows.count
        precondition(k >= 1 && k <= n, "k must be in 1...rows")
        let norms = rows.map(\.squaredNorm)
        let trials = 2 + Int(log(Double(k)))
        var chosen = [Int(random.next() % UInt64(n))]
        var closest = squaredDistances(from: chosen[0], rows, norms)
        var potential = closest.reduce(0, +)
        var cumulative = [Double](repeating: 0, count: n)
        while chosen.count < k {
            var running = 0.0
            for index in 0..<n { running += closest[index]; cumulative[index] = running }
            var bestCandidate = -1
            var bestPotential = Double.infinity
            var bestDistances: [Double] = []
            for _ in 0..<trials {
                let target = random.nextUnit() * potential
                let candidate = min(firstIndex(in: cumulative, notBelow: target), n - 1)
                var distances = squaredDistances(from: candidate, rows, norms)
                var candidatePotential = 0.0
                for index in 0..<n {
                    distances[index] = min(distances[index], closest[index])
                    candidatePotential += distances[index]
                }
                if candidatePotential < bestPotential {
                    bestPotential = candidatePotential
                    bestCandidate = candidate
                    bestDistances = distances
                }
            }
            chosen.append(bestCandidate)
            closest = bestDistances
            potential = bestPotential
        }
        return chosen
    }

    /// The first index whose cumulative value is ≥ target (numpy `searchsorted`, side left).
    private static func firstIndex(in cumulative: [Double], notBelow target: Double) -> Int {
        var low = 0, high = cumulative.count
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// ‖x − rows[center]‖² for every row, by the dot-product expansion clipped at 0.
    private static func squaredDistances(from center: Int, _ rows: [SparseVector], _ norms: [Double]) -> [Double] {
        let c = rows[center]
        return rows.indices.map { index in
            index == center ? 0 : max(0, norms[index] + norms[center] - 2 * rows[index].dot(c))
        }
    }
}
