/// A sparse vector: strictly increasing column indices with their values. A plain value, shared freely.
public struct SparseVector: Sendable, Hashable, Codable {
    public var indices: [Int32]
    public var values: [Double]

    public init(indices: [Int32] = [], values: [Double] = []) {
        precondition(indices.count == values.count, "indices and values must have the same length")
        self.indices = indices
        self.values = values
    }

    public var isEmpty: Bool { indices.isEmpty }

    /// Σ x².
    public var squaredNorm: Double {
        var sum = 0.0
        for value in values { sum += value * value }
        return sum
    }

    /// The dot product with another sparse vector (merge of the sorted indices).
    public func dot(_ other: SparseVector) -> Double {
        var sum = 0.0
        var i = 0, j = 0
        while i < indices.count && j < other.indices.count {
            let a = indices[i], b = other.indices[j]
            if a == b {
                sum += values[i] * other.values[j]
                i += 1; j += 1
            } else if a < b {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }

    /// The dot product with a dense vector stored at `dense[offset ..< offset + dimension]`.
    @inline(__always)
    public func dot(dense: UnsafeBufferPointer<Double>, offset: Int) -> Double {
        var sum = 0.0
        for k in indices.indices { sum += values[k] * dense[offset + Int(indices[k])] }
        return sum
    }
}

/// Rows of sparse vectors over a fixed number of columns (a CSR-like matrix as an array of rows).
/// A plain value, shared freely.
public struct SparseMatrix: Sendable, Hashable, Codable {
    public var rows: [SparseVector]
    public var columnCount: Int

    public init(rows: [SparseVector], columnCount: Int) {
        self.rows = rows
        self.columnCount = columnCount
    }

    public var rowCount: Int { rows.count }

    /// The rows at `indices`, in that order.
    public func selecting(_ indices: [Int]) -> SparseMatrix {
        SparseMatrix(rows: indices.map { rows[$0] }, columnCount: columnCount)
    }
}
