/// Supplies the text-derived features that need other analytics: the VADER compound score and
/// the hashtag/text cluster of a post. The server plugs its scorer and clusterer in; training
/// and prediction call it from any thread, so implementations must be thread-safe.
public protocol TextFeatureSource: Sendable {
    /// The sentiment compound score in [-1, 1].
    func sentimentCompound(_ text: String) -> Double
    /// The cluster of a post, or nil when it belongs to none (encoded as "no cluster": all zeros).
    func clusterID(_ text: String, hashtags: [String]) -> Int?
}
