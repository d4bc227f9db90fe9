/// Pearson correlations between the numeric fields of posts, from running sums kept per pair of
/// fields (a post missing a field leaves that field's pairs alone). Exact, order-independent and
/// mergeable. A value owned by the store actor.
public struct StreamingCorrelation: Sendable, Codable, Equatable {
    public let fields: [String]
    /// Per pair (i <= j, row-major upper triangle): n, Σx, Σy, Σx², Σy², Σxy.
    private var sums: [[Double]]

    public init(fields: [String]) {
        self.fields = fields
        sums = Array(repeating: Array(repeating: 0, count: 6), count: fields.count * (fields.count + 1) / 2)
    }

    private func pairIndex(_ i: Int, _ j: Int) -> Int { i * fields.count - i * (i - 1) / 2 + (j - i) }

    /// Values beyond this magnitude are left out: their squares would overflow the sums to
    /// infinity, which would poison every correlation and make the state unencodable.
    public static let largestValue = 1e100

    /// Adds one observation; `values[k]` is the value of `fields[k]`, nil when missing.
    public mutating func add(_ values: [Double?]) {
        let count = fields.count
        sums.withUnsafeMutableBufferPointer { pairs in
            for i in 0..<count {
                guard let x = values[i], x.magnitude <= Self.largestValue else { continue }
                for j in i..<count {
                    guard let y = values[j], y.magnitude <= Self.largestValue else { continue }
                    pairs[i * count - i * (i - 1) / 2 + (j - i)].withUnsafeMutableBufferPointer { s in
                        s[0] += 1
                        s[1] += x
                        s[2] += y
                        s[3] += x * x
                        s[4] += y * y
                        s[5] += x * y
                    }
                }
            }
        }
    }

    /// The correlation of fields i and j, or nil when undefined (fewer than two values, or no spread).
    public func correlation(_ i: Int, _ j: Int) -> Double? {
        let s = sums[pairIndex(min(i, j), max(i, j))]
        let n = s[0]
        guard n >= 2 else { return nil }
        let covariance = s[5] - s[1] * s[2] / n
        let varianceX = s[3] - s[1] * s[1] / n
        let varianceY = s[4] - s[2] * s[2] / n
        guard varianceX > 1e-12, varianceY > 1e-12 else { return i == j && n >= 2 ? 1 : nil }
        return max(-1, min(1, covariance / (varianceX * varianceY).squareRoot()))
    }

    /// The full symmetric matrix.
    public var matrix: [[Double?]] { fields.indices.map { i in fields.indices.map { j in correlation(i, j) } } }
}
