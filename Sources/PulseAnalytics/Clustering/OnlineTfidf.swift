import Foundation

/// Streaming TF-IDF over a bounded vocabulary, for the live clustering path. A value type owned
/// by one caller (inside `StreamingKMeans`); time is passed in.
///
/// Same weighting as `TfidfVectorizer` (raw counts × smooth idf `ln((1 + n) / (1 + df)) + 1`,
/// l2-normalised rows), but the document count `n` and each term's document frequency `df`
/// are exponentially decayed sums (same half-life), and the vocabulary is a Space-Saving top-K
/// on `df`, so at most `capacity` terms are kept. A term's column is its slot; when a slot is
/// given to a new term, `learn` reports it so dependent state (centroids) can clear the column.
public struct OnlineTfidf: Sendable, Codable {
    public let capacity: Int
    /// ln 2 / half-life (0: no decay); stored instead of an infinite half-life so JSON can hold it.
    private let decayRate: Double
    private var frequencies: DecayedTopK<String>
    private var documents = 0.0
    private var lastTime: Double?

    public init(capacity: Int = 20_000, halfLife: Double = 3_600) {
        self.capacity = capacity
        decayRate = halfLife.isInfinite ? 0 : M_LN2 / halfLife
        frequencies = DecayedTopK(capacity: capacity, halfLives: SIMD4(halfLife, .infinity, .infinity, .infinity))
    }

    /// Number of terms held.
    public var vocabularyCount: Int { frequencies.count }

    /// The term in column `slot`.
    public func term(atSlot slot: Int) -> String { frequencies.key(atSlot: slot) }

    /// Counts one document's distinct tokens, then returns its vector under the updated
    /// statistics (like `fit_transform` of a stream). Columns re-assigned to new terms are
    /// appended to `reassigned`.
    public mutating func learnVector(_ tokens: [String], at now: Double, reassigned: inout [Int]) -> SparseVector {
        let elapsed = lastTime.map { now - $0 } ?? 0
        documents = documents * exp(-decayRate * max(0, elapsed)) + 1
        lastTime = max(lastTime ?? now, now)
        var slots: [Int32] = []
        var counts: [Double] = []
        slots.reserveCapacity(tokens.count)
        counts.reserveCapacity(tokens.count)
        for index in tokens.indices {
            let token = tokens[index]
            if tokens[..<index].contains(token) {  // a repeated token (rare): one more count
                if let slot = frequencies.slot(of: token), let position = slots.firstIndex(of: Int32(slot)) {
                    counts[position] += 1
                }
                continue
            }
            let wasFull = frequencies.count == capacity
            let (slot, admitted) = frequencies.add(token, weights: SIMD4(1, 0, 0, 0), at: now)
            if admitted && wasFull { reassigned.append(slot) }
            slots.append(Int32(slot))
            counts.append(1)
        }
        return weigh(&slots, &counts, at: now)
    }

    /// The vector of a document under the current statistics, without learning from it;
    /// tokens outside the vocabulary are ignored.
    public func vector(_ tokens: [String], at now: Double) -> SparseVector {
        var slots: [Int32] = []
        var counts: [Double] = []
        for token in tokens {
            guard let slot = frequencies.slot(of: token).map(Int32.init) else { continue }
            if let index = slots.firstIndex(of: slot) { counts[index] += 1 } else { slots.append(slot); counts.append(1) }
        }
        return weigh(&slots, &counts, at: now)
    }

    /// Turns (column, count) pairs into the l2-normalised TF-IDF vector, reusing their storage.
    private func weigh(_ indices: inout [Int32], _ values: inout [Double], at now: Double) -> SparseVector {
        guard !indices.isEmpty else { return SparseVector() }
        // Insertion sort by column: documents have a handful of terms.
        for i in 1..<indices.count {
            var j = i
            while j > 0 && indices[j - 1] > indices[j] {
                indices.swapAt(j - 1, j)
                values.swapAt(j - 1, j)
                j -= 1
            }
        }
        let decay = frequencies.countDecay(at: now)
        let elapsed = lastTime.map { max(0, now - $0) } ?? 0
        let n = elapsed == 0 ? documents : documents * exp(-decayRate * elapsed)
        for k in indices.indices {
            let df = frequencies.count(atSlot: Int(indices[k]), decay: decay)
            values[k] *= log((1 + n) / (1 + df)) + 1
        }
        TfidfVectorizer.normaliseL2(&values)
        return SparseVector(indices: indices, values: values)
    }
}
