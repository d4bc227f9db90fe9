/// How the live engagement predictions behave: a histogram of predicted values and, for posts
/// that carry the actual target, rolling errors over the last `window` of them plus the most
/// recent (predicted, actual) pairs for a scatter plot. A value owned by the store actor.
public struct EngagementStats: Sendable, Codable, Equatable {
    /// Upper edges of the histogram bins (the last bin is open-ended).
    public static let edges: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000]

    public let window: Int
    public private(set) var predictions = 0
    public private(set) var histogram = Array(repeating: 0, count: EngagementStats.edges.count + 1)
    /// The newest pairs with an actual value, oldest first, at most `window`.
    public private(set) var pairs: [Pair] = []

    /// One prediction with the actual value it was compared to.
    public struct Pair: Sendable, Codable, Equatable {
        public var id: String?
        public var predicted: Double
        public var actual: Double
    }

    public init(window: Int = 500) { self.window = max(1, window) }

    public mutating func observe(id: String?, predicted: Double, actual: Double?) {
        observeUntrimmed(id: id, predicted: predicted, actual: actual)
        trimToWindow()
    }

    /// `observe` without dropping pairs beyond the window yet: a batch observes all its posts,
    /// then calls `trimToWindow()` once (the same final state, without moving the window per post).
    mutating func observeUntrimmed(id: String?, predicted: Double, actual: Double?) {
        predictions += 1
        histogram[Self.edges.firstIndex { predicted < $0 } ?? Self.edges.count] += 1
        guard let actual else { return }
        pairs.append(Pair(id: id, predicted: predicted, actual: actual))
    }

    /// Drops the oldest pairs beyond `window`.
    mutating func trimToWindow() {
        if pairs.count > window { pairs.removeFirst(pairs.count - window) }
    }

    /// Mean absolute error over the rolling window (nil before any actual value).
    public var meanAbsoluteError: Double? {
        pairs.isEmpty ? nil : pairs.reduce(0) { $0 + abs($1.predicted - $1.actual) } / Double(pairs.count)
    }

    /// Mean squared error over the rolling window.
    public var meanSquaredError: Double? {
        pairs.isEmpty ? nil : pairs.reduce(0) { $0 + ($1.predicted - $1.actual) * ($1.predicted - $1.actual) } / Double(pairs.count)
    }
}
