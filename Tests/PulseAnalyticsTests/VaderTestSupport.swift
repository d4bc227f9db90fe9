import Foundation
import PulseAnalytics

/// Paths of the repository, found from this file's location, and the shipped lexicons.
enum VaderTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The analyzer built from `Config/vader_lexicon.txt` and `Config/emoji_utf8_lexicon.txt`.
    static let analyzer: SentimentAnalyzer = {
        let config = repositoryRoot.appendingPathComponent("Config")
        do {
            let lexicon = try String(contentsOf: config.appendingPathComponent("vader_lexicon.txt"), encoding: .utf8)
            let emoji = try String(contentsOf: config.appendingPathComponent("emoji_utf8_lexicon.txt"), encoding: .utf8)
            return SentimentAnalyzer(lexicon: try VaderLexicon(lexiconText: lexicon, emojiText: emoji))
        } catch {
            fatalError("cannot load the VADER lexicons from \(config.path): \(error)")
        }
    }()
}
