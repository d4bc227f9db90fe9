/// A malformed data file (CSV or JSONL): the 1-based line and what is wrong there.
/// A value type whose description is the message.
public struct DataFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
