/// A dense table of numeric features, row-major (`values[row * columnCount + column]`): the
/// input of tree and forest training and of batch prediction. A value type, safe to share
/// across threads.
public struct FeatureMatrix: Sendable, Equatable {
    public let columnCount: Int
    public private(set) var values: [Double]

    /// The number of rows.
    public var rowCount: Int { columnCount == 0 ? 0 : values.count / columnCount }

    /// A matrix from row-major `values`; `values.count` must be a multiple of `columnCount`.
    public init(columnCount: Int, values: [Double]) {
        precondition(columnCount > 0 && values.count % columnCount == 0, "values do not fill whole rows")
        self.columnCount = columnCount
        self.values = values
    }

    /// A matrix from equally long rows.
    public init(rows: [[Double]]) {
        let width = rows.first?.count ?? 0
        precondition(width > 0 && rows.allSatisfy { $0.count == width }, "rows must be non-empty and equally long")
        self.init(columnCount: width, values: rows.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Double { values[row * columnCount + column] }

    /// The features of one row.
    public func row(_ index: Int) -> ArraySlice<Double> {
        values[(index * columnCount)..<((index + 1) * columnCount)]
    }

    /// The given rows, in the given order (repeats allowed).
    public func selecting(rows indices: [Int]) -> FeatureMatrix {
        var selected: [Double] = []
        selected.reserveCapacity(indices.count * columnCount)
        for index in indices { selected.append(contentsOf: row(index)) }
        return FeatureMatrix(columnCount: columnCount, values: selected)
    }
}

/// The training table rearranged for split search: column-major values and, per feature, the
/// row indices sorted by that feature's value. Built once per fit and shared read-only by every
/// tree builder thread.
struct SortedColumns: Sendable {
    let rowCount: Int
    let featureCount: Int
    /// `values[feature * rowCount + row]`.
    let values: [Double]
    let targets: [Double]
    /// Rows ascending by value (ties by row), feature after feature: `[feature * rowCount + rank]`.
    let sortedRows: [Int32]

    init(matrix: FeatureMatrix, targets: [Double]) {
        rowCount = matrix.rowCount
        featureCount = matrix.columnCount
        self.targets = targets
        var columns = [Double](repeating: 0, count: rowCount * featureCount)
        for row in 0..<rowCount {
            for feature in 0..<featureCount {
                columns[feature * rowCount + row] = matrix[row, feature]
            }
        }
        var order: [Int32] = []
        order.reserveCapacity(rowCount * featureCount)
        for feature in 0..<featureCount {
            let base = feature * rowCount
            let rows = (0..<rowCount).sorted { a, b in
                let va = columns[base + a], vb = columns[base + b]
                return va < vb || (va == vb && a < b)
            }
            order.append(contentsOf: rows.map { Int32($0) })
        }
        values = columns
        sortedRows = order
    }
}
