import Foundation

/// Finds the directories Pulse ships beside its code (`WebClient/`, `Config/`): an explicit
/// path, an environment variable, the current directory, or the source tree above the built
/// binary (`.build/<config>/pulse`). Stateless.
enum ResourceLocator {
    static func directory(named name: String, override: String?, environment: String, containing marker: String) -> URL? {
        var candidates: [URL] = []
        if let override { return URL(fileURLWithPath: override) }
        if let fromEnvironment = ProcessInfo.processInfo.environment[environment] {
            candidates.append(URL(fileURLWithPath: fromEnvironment))
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name))
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            directory = directory.deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent(name))
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(marker).path) }
    }
}
