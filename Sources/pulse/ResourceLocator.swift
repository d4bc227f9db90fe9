import Foundation

/// Finds the directories Pulse ships beside its code (`WebClient/`, `Config/`): an explicit
/// path, an environment variable, the current directory, the installed layout
/// (`PREFIX/bin/pulse` with `PREFIX/share/pulse/<name>`, see `make install`), or the source tree
/// above the built binary (`.build/<config>/pulse`). Stateless.
enum ResourceLocator {
    static func directory(named name: String, override: String?, environment: String, containing marker: String) -> URL? {
        var candidates: [URL] = []
        if let override { return URL(fileURLWithPath: override) }
        if let fromEnvironment = ProcessInfo.processInfo.environment[environment] {
            candidates.append(URL(fileURLWithPath: fromEnvironment))
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name))
        for binary in installedBinaryDirectories {
            candidates.append(binary.appendingPathComponent("../share/pulse").appendingPathComponent(name).standardized)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            directory = directory.deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent(name))
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(marker).path) }
    }

    /// The directories of the running binary: as invoked, and its real path (found through
    /// /proc/self/exe, so that a `pulse` found on the PATH counts too).
    static var installedBinaryDirectories: [URL] {
        var directories: [URL] = []
        for url in [URL(fileURLWithPath: CommandLine.arguments[0]), Bundle.main.executableURL?.resolvingSymlinksInPath()] {
            guard let directory = url?.deletingLastPathComponent().standardized, !directories.contains(directory) else { continue }
            directories.append(directory)
        }
        return directories
    }
}
