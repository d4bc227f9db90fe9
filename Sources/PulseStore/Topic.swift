/// A part of the live state that subscribers can ask for by name. Plain value.
public enum Topic: String, Sendable, CaseIterable, Hashable, Comparable {
    case sentiment, trending, clusters, words, engagement, correlation, posts, alerts

    public static func < (lhs: Topic, rhs: Topic) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
