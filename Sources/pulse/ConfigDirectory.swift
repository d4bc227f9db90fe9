import Foundation
import PulseAnalytics
import PulseHub

/// Finds Pulse's configuration directory (the one holding the VADER lexicons) for CLI
/// commands. Used on the main thread at start-up.
///
/// Order: `--config-dir DIR` when given, the environment variable `PULSE_CONFIG_DIR`,
/// `./Config` if it holds `vader_lexicon.txt`, then `<executable dir>/../share/pulse/Config`
/// (the layout `make install` creates), then `<executable dir>/../../Config` (the
/// source tree when running `.build/release/pulse`; also tried from the executable's real
/// path, `.build/<triple>/release`).
enum ConfigDirectory {
    /// The environment variable that names the configuration directory.
    static let environmentVariable = "PULSE_CONFIG_DIR"

    /// The configuration directory to use, or a `UsageError` explaining where it looked.
    static func locate(explicit: String? = nil) throws -> URL {
        if let explicit {
            return try existingDirectory(explicit, source: "--config-dir")
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment[environmentVariable], !fromEnvironment.isEmpty {
            return try existingDirectory(fromEnvironment, source: environmentVariable)
        }
        let invoked = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let resolved = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .resolvingSymlinksInPath().deletingLastPathComponent()
        // .build/release/pulse as invoked, or its real path .build/<triple>/release/pulse.
        var candidates: [URL] = []
        let installed = ResourceLocator.installedBinaryDirectories.map { $0.appendingPathComponent("../share/pulse/Config") }
        for candidate in [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Config")] + installed + [
            invoked.appendingPathComponent("../../Config"), resolved.appendingPathComponent("../../Config"),
            resolved.appendingPathComponent("../../../Config"),
        ] where !candidates.contains(candidate.standardized) {
            candidates.append(candidate.standardized)
        }
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent(SentimentLexiconFiles.lexiconFileName).path) {
            return candidate
        }
        throw UsageError(
            "cannot find the configuration directory with \(SentimentLexiconFiles.lexiconFileName): looked in "
                + candidates.map(\.path).joined(separator: " and ")
                + "; set \(environmentVariable) or pass --config-dir")
    }

    /// The sentiment analyzer built from the lexicons in the located directory.
    static func loadSentimentAnalyzer(explicit: String? = nil) throws -> SentimentAnalyzer {
        try SentimentLexiconFiles.load(directory: try locate(explicit: explicit))
    }

    private static func existingDirectory(_ path: String, source: String) throws -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("\(source) '\(path)' is not a directory")
        }
        return URL(fileURLWithPath: path)
    }
}
