import Foundation

/// TF-IDF exactly as scikit-learn's `TfidfVectorizer()` defaults define it: `TfidfTokenizer`
/// tokens, raw term counts, smooth idf `ln((1 + n) / (1 + df)) + 1`, rows scaled to unit l2
/// norm (an empty row stays zero), vocabulary sorted by code point. A value type: fit once,
/// then share freely.
public struct TfidfVectorizer: Sendable, Codable {
    /// Terms in column order.
    public private(set) var vocabulary: [String] = []
    /// The idf of each column.
    public private(set) var idf: [Double] = []
    private var columnOfTerm: [String: Int32] = [:]

    public init() {}

    /// Learns the vocabulary and idf from `documents`.
    public mutating func fit(_ documents: [String]) {
        fit(tokenLists: documents.map(TfidfTokenizer.tokens(of:)))
    }

    /// Learns from documents already split into tokens.
    public mutating func fit(tokenLists: [[String]]) {
        var documentFrequency: [String: Int] = [:]
        for tokens in tokenLists {
            for term in Set(tokens) { documentFrequency[term, default: 0] += 1 }
        }
        vocabulary = documentFrequency.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        columnOfTerm = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, Int32($0)) })
        let documents = Double(tokenLists.count)
        idf = vocabulary.map { term in
            log((documents + 1) / (Double(documentFrequency[term]!) + 1)) + 1
        }
    }

    /// The TF-IDF rows of `documents` (terms outside the vocabulary are ignored).
    public func transform(_ documents: [String]) -> SparseMatrix {
        transform(tokenLists: documents.map(TfidfTokenizer.tokens(of:)))
    }

    /// The TF-IDF rows of token lists.
    public func transform(tokenLists: [[String]]) -> SparseMatrix {
        SparseMatrix(rows: tokenLists.map(vector(of:)), columnCount: vocabulary.count)
    }

    /// `fit` then `transform` on the same documents.
    public mutating func fitTransform(_ documents: [String]) -> SparseMatrix {
        let tokenLists = documents.map(TfidfTokenizer.tokens(of:))
        fit(tokenLists: tokenLists)
        return transform(tokenLists: tokenLists)
    }

    /// The l2-normalised TF-IDF vector of one token list.
    public func vector(of tokens: [String]) -> SparseVector {
        var counts: [Int32: Double] = [:]
        for token in tokens {
            if let column = columnOfTerm[token] { counts[column, default: 0] += 1 }
        }
        let indices = counts.keys.sorted()
        var values = indices.map { counts[$0]! * idf[Int($0)] }
        Self.normaliseL2(&values)
        return SparseVector(indices: indices, values: values)
    }

    /// Divides `values` by their l2 norm (no change when all are zero).
    static func normaliseL2(_ values: inout [Double]) {
        var sum = 0.0
        for value in values { sum += value * value }
        guard sum > 0 else { return }
        let norm = sum.squareRoot()
        for index in values.indices { values[index] /= norm }
    }
}
