import Foundation
import PulseAnalytics
import PulseHub

/// One post ready to send: its NDJSON line and where it came from (line number, or demo index).
struct SourcePost {
    var line: Int
    var json: [UInt8]
}

/// Where `pulse post` takes posts from, one at a time, in constant memory. Owned by one thread.
enum PostSource {
    /// JSON Lines: each non-blank line is sent as it is (the hub validates it).
    case jsonLines(LineReader)
    /// CSV with a header row, converted to post objects.
    case csv(CSVPostReader)
    /// `count` posts of the synthetic demo feed.
    case demo(DemoFeed, remaining: Int, index: Int)

    /// The next post, or nil at the end.
    mutating func next() throws -> SourcePost? {
        switch self {
        case .jsonLines(let reader):
            while let line = try reader.next() {
                if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                    return SourcePost(line: reader.lineNumber, json: Array(line))
                }
            }
            return nil
        case .csv(let reader):
            return try reader.next()
        case .demo(var feed, let remaining, let index):
            guard remaining > 0 else { return nil }
            let post = feed.next().post
            self = .demo(feed, remaining: remaining - 1, index: index + 1)
            return SourcePost(line: index + 1, json: Self.encode(post))
        }
    }

    /// A post as the JSON object the ingest API takes.
    static func encode(_ post: Post) -> [UInt8] { PostJSON.encode(post) }
}
