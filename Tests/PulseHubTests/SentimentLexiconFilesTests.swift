import Foundation
import PulseAnalytics
import PulseHub
import Testing

/// Loading the shipped lexicons from `Config/`, and clear errors for missing or bad files.
@Suite struct SentimentLexiconFilesTests {
    static let configDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config")

    @Test func loadsTheShippedLexicons() throws {
        let analyzer = try SentimentLexiconFiles.load(directory: Self.configDirectory)
        #expect(analyzer.lexicon.lexiconWordCount == 7_506)
        #expect(analyzer.lexicon.emojiCount == 3_570)
        #expect(analyzer.scores("The book was good.").compound == 0.4404)
    }

    @Test func missingAndMalformedFilesNameTheFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pulse-lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try SentimentLexiconFiles.load(directory: directory)
            Issue.record("expected an error")
        } catch let error as SentimentLexiconFilesError {
            #expect(error.path.hasSuffix("vader_lexicon.txt"))
        }
        try Data("good\t1.9\t0.5\t[]\n".utf8).write(to: directory.appendingPathComponent("vader_lexicon.txt"))
        try Data("😀 no tab here\n".utf8).write(to: directory.appendingPathComponent("emoji_utf8_lexicon.txt"))
        do {
            _ = try SentimentLexiconFiles.load(directory: directory)
            Issue.record("expected an error")
        } catch let error as SentimentLexiconFilesError {
            #expect(error.path.hasSuffix("emoji_utf8_lexicon.txt") && error.reason.hasPrefix("line 1:"))
        }
    }
}
