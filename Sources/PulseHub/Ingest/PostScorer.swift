import Dispatch
import PulseAnalytics

/// Stateless scoring of posts (hashtags, sentiment, engagement prediction), safe to run on any
/// thread; big batches are scored in parallel across cores. Immutable after creation.
public struct PostScorer: Sendable {
    /// Batches at least this big are split across cores.
    public var parallelThreshold = 256

    public init() {}

    /// Scores one post.
    public func score(_ post: Post) -> ScoredPost {
        ScoredPost(post: post, hashtags: post.hashtags.map(normalised) ?? extractHashtags(post.text))
    }

    /// Scores a batch, keeping its order.
    public func score(_ posts: [Post]) -> [ScoredPost] {
        guard posts.count >= parallelThreshold else { return posts.map(score) }
        let chunks = min(posts.count / (parallelThreshold / 2), 64)
        let chunkSize = (posts.count + chunks - 1) / chunks
        let results = UnsafeMutableBufferPointer<ScoredPost>.allocate(capacity: posts.count)
        defer { results.deallocate() }
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * chunkSize
            for index in start..<min(start + chunkSize, posts.count) {
                (output.baseAddress! + index).initialize(to: score(posts[index]))
            }
        }
        let scored = Array(results)
        _ = results.deinitialize()
        return scored
    }

    private func normalised(_ tags: [String]) -> [String] {
        tags.map { ($0.hasPrefix("#") ? String($0.dropFirst()) : $0).lowercased() }
    }

    /// `#word` runs of letters, digits and underscores, lower-cased.
    private func extractHashtags(_ text: String) -> [String] {
        var tags: [String] = []
        var current: String.UnicodeScalarView?
        for scalar in text.unicodeScalars {
            if scalar == "#" {
                if let tag = current, !tag.isEmpty { tags.append(String(tag).lowercased()) }
                current = String.UnicodeScalarView()
            } else if current != nil, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                current!.append(scalar)
            } else {
                if let tag = current, !tag.isEmpty { tags.append(String(tag).lowercased()) }
                current = nil
            }
        }
        if let tag = current, !tag.isEmpty { tags.append(String(tag).lowercased()) }
        return tags
    }
}
