import Foundation
import PulseAnalytics

/// Loads the VADER lexicon files (`vader_lexicon.txt`, `emoji_utf8_lexicon.txt`) from a
/// configuration directory into a ready analyzer. A namespace of functions; call it once at
/// start-up from any thread and share the analyzer.
public enum SentimentLexiconFiles {
    /// File name of VADER's word lexicon inside the configuration directory.
    public static let lexiconFileName = "vader_lexicon.txt"
    /// File name of VADER's emoji lexicon inside the configuration directory.
    public static let emojiFileName = "emoji_utf8_lexicon.txt"

    /// Reads both lexicons from `directory` and builds the analyzer.
    /// - Throws: `SentimentLexiconFilesError` naming the file that is missing, unreadable or malformed.
    public static func load(directory: URL) throws -> SentimentAnalyzer {
        let lexiconText = try read(directory.appendingPathComponent(lexiconFileName))
        let emojiText = try read(directory.appendingPathComponent(emojiFileName))
        do {
            return SentimentAnalyzer(lexicon: try VaderLexicon(lexiconText: lexiconText, emojiText: emojiText))
        } catch let error as VaderLexiconError {
            let name = error.file == "lexicon" ? lexiconFileName : emojiFileName
            throw SentimentLexiconFilesError(
                path: directory.appendingPathComponent(name).path, reason: "line \(error.line): \(error.message)")
        }
    }

    private static func read(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SentimentLexiconFilesError(path: url.path, reason: "file is missing or unreadable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SentimentLexiconFilesError(path: url.path, reason: "file is not valid UTF-8")
        }
        return text
    }
}

/// A lexicon file that could not be used.
public struct SentimentLexiconFilesError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}
