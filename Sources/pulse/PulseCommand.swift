import Foundation

/// One `pulse` subcommand. Runs on the main task; long work is delegated to the library modules.
protocol PulseCommand {
    /// The word after `pulse` that selects this command.
    static var name: String { get }
    /// One line for `pulse --help`.
    static var summary: String { get }
    /// The full `--help` text: usage line and every flag.
    static var help: String { get }
    /// Runs with the words after the command name; returns the process exit code.
    static func run(_ arguments: [String]) async throws -> Int32
}

/// Exit codes shared by every command (documented in the README).
enum ExitCode {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
