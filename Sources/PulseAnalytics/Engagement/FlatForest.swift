/// Every tree of a forest in one contiguous array of 16-byte nodes (child indices absolute), the
/// layout prediction runs on. Independent walks are interleaved (sixteen trees for one row, or
/// eight rows through one tree), so their memory loads overlap; leaves loop on themselves, so a
/// step never branches on the node kind, and whether all walks have reached leaves is only
/// checked every eight steps. For single rows the trees are padded to a multiple of sixteen with
/// a one-leaf tree predicting 0. Immutable; a value type, safe to share
/// across threads.
struct FlatForest: Sendable, Equatable {
    private let nodes: [RegressionTree.Node]
    private let values: [Double]
    private let roots: [Int]
    private let depths: [Int]
    /// `roots` padded with the zero leaf's index to a multiple of 16, and each group's deepest tree.
    private let paddedRoots: [Int]
    private let groupDepths: [Int]
    let width: Int

    init(_ trees: [RegressionTree], width: Int) {
        var nodes: [RegressionTree.Node] = [], values: [Double] = [], roots: [Int] = []
        nodes.reserveCapacity(trees.reduce(0) { $0 + $1.nodeCount })
        for tree in trees {
            let offset = Int32(nodes.count)
            roots.append(nodes.count)
            nodes.append(contentsOf: tree.nodes.map { node in
                RegressionTree.Node(threshold: node.threshold, feature: node.feature, left: node.left + offset)
            })
            values.append(contentsOf: tree.values)
        }
        let zeroLeaf = nodes.count
        nodes.append(.leaf(at: zeroLeaf))
        values.append(0)
        var padded = roots, paddedDepths = trees.map(\.depth)
        while padded.count % 16 != 0 {
            padded.append(zeroLeaf)
            paddedDepths.append(0)
        }
        self.nodes = nodes
        self.values = values
        self.roots = roots
        self.depths = trees.map(\.depth)
        self.paddedRoots = padded
        self.groupDepths = stride(from: 0, to: padded.count, by: 16).map { paddedDepths[$0..<($0 + 16)].max()! }
        self.width = width
    }

    /// The sum of the trees' predictions for one row.
    func sum(_ row: UnsafePointer<Double>) -> Double {
        nodes.withUnsafeBufferPointer { nodes in
            values.withUnsafeBufferPointer { values in
                let nodes = nodes.baseAddress!
                @inline(__always) func advance(_ index: Int) -> Int {
                    let node = nodes[index]
                    return Int(node.left) + (row[Int(node.feature)] > node.threshold ? 1 : 0)
                }
                @inline(__always) func atLeaf(_ index: Int) -> Bool { Int(nodes[index].left) == index }
                var total = 0.0
                for (group, depth) in groupDepths.enumerated() {
                    let tree = group * 16
                    var i0 = paddedRoots[tree], i1 = paddedRoots[tree + 1], i2 = paddedRoots[tree + 2]
                    var i3 = paddedRoots[tree + 3], i4 = paddedRoots[tree + 4], i5 = paddedRoots[tree + 5]
                    var i6 = paddedRoots[tree + 6], i7 = paddedRoots[tree + 7]
                    var j0 = paddedRoots[tree + 8], j1 = paddedRoots[tree + 9], j2 = paddedRoots[tree + 10]
                    var j3 = paddedRoots[tree + 11], j4 = paddedRoots[tree + 12], j5 = paddedRoots[tree + 13]
                    var j6 = paddedRoots[tree + 14], j7 = paddedRoots[tree + 15]
                    var step = 0
                    while step < depth {
                        for _ in 0..<min(8, depth - step) {
                            i0 = advance(i0); i1 = advance(i1); i2 = advance(i2); i3 = advance(i3)
                            i4 = advance(i4); i5 = advance(i5); i6 = advance(i6); i7 = advance(i7)
                            j0 = advance(j0); j1 = advance(j1); j2 = advance(j2); j3 = advance(j3)
                            j4 = advance(j4); j5 = advance(j5); j6 = advance(j6); j7 = advance(j7)
                        }
                        step += 8
                        if step < depth && atLeaf(i0) && atLeaf(i1) && atLeaf(i2) && atLeaf(i3) && atLeaf(i4)
                            && atLeaf(i5) && atLeaf(i6) && atLeaf(i7) && atLeaf(j0) && atLeaf(j1) && atLeaf(j2)
                            && atLeaf(j3) && atLeaf(j4) && atLeaf(j5) && atLeaf(j6) && atLeaf(j7) { break }
                    }
                    total += values[i0]; total += values[i1]; total += values[i2]; total += values[i3]
                    total += values[i4]; total += values[i5]; total += values[i6]; total += values[i7]
                    total += values[j0]; total += values[j1]; total += values[j2]; total += values[j3]
                    total += values[j4]; total += values[j5]; total += values[j6]; total += values[j7]
                }
                return total
            }
        }
    }

    /// Adds the sum of the trees' predictions for each of `rowCount` rows (row-major) to
    /// `output`, tree by tree, eight rows in lockstep.
    func accumulate(_ rows: UnsafePointer<Double>, rowCount: Int, into output: UnsafeMutablePointer<Double>) {
        let width = self.width
        nodes.withUnsafeBufferPointer { nodes in
            values.withUnsafeBufferPointer { values in
                let nodes = nodes.baseAddress!
                @inline(__always) func advance(_ index: Int, _ row: UnsafePointer<Double>) -> Int {
                    let node = nodes[index]
                    return Int(node.left) + (row[Int(node.feature)] > node.threshold ? 1 : 0)
                }
                @inline(__always) func atLeaf(_ index: Int) -> Bool { Int(nodes[index].left) == index }
                for (root, depth) in zip(roots, depths) {
                    var first = 0
                    while first + 8 <= rowCount {
                        let r0 = rows + first * width, r1 = r0 + width, r2 = r1 + width, r3 = r2 + width
                        let r4 = r3 + width, r5 = r4 + width, r6 = r5 + width, r7 = r6 + width
                        var i0 = root, i1 = root, i2 = root, i3 = root, i4 = root, i5 = root, i6 = root, i7 = root
                        var step = 0
                        while step < depth {
                            for _ in 0..<min(8, depth - step) {
                                i0 = advance(i0, r0); i1 = advance(i1, r1); i2 = advance(i2, r2); i3 = advance(i3, r3)
                                i4 = advance(i4, r4); i5 = advance(i5, r5); i6 = advance(i6, r6); i7 = advance(i7, r7)
                            }
                            step += 8
                            if step < depth && atLeaf(i0) && atLeaf(i1) && atLeaf(i2) && atLeaf(i3) && atLeaf(i4)
                                && atLeaf(i5) && atLeaf(i6) && atLeaf(i7) { break }
                        }
                        output[first] += values[i0]; output[first + 1] += values[i1]
                        output[first + 2] += values[i2]; output[first + 3] += values[i3]
                        output[first + 4] += values[i4]; output[first + 5] += values[i5]
                        output[first + 6] += values[i6]; output[first + 7] += values[i7]
                        first += 8
                    }
                    for row in first..<rowCount {
                        var index = root
                        for _ in 0..<depth { index = advance(index, rows + row * width) }
                        output[row] += values[index]
                    }
                }
            }
        }
    }
}
