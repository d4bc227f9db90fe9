/// How severe a log event is; a logger drops events below its level.
public enum LogLevel: String, Sendable, CaseIterable, Comparable {
    case debug, info, warn, error

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The form log lines take: readable text, or one JSON object per line.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// One log event as a handler receives it. A plain value.
public struct LogRecord: Sendable {
    /// Seconds since 1970.
    public var time: Double
    public var level: LogLevel
    /// The part of Pulse that logged it (`serve`, `http`, `store`, ...).
    public var label: String
    public var message: String
    /// Structured fields (`connection`, `request`, `path`, `error`, ...).
    public var metadata: [String: String]
}

/// Where log events go. Implementations must be thread-safe.
public protocol LogHandler: Sendable {
    func log(_ record: LogRecord)
}

/// A logger: a label, a minimum level, fields attached to every event, and a handler. A small
/// value that any thread or task may copy and use; `with` makes a child with more fields.
public struct Logger: Sendable {
    public let label: String
    public var level: LogLevel
    public var metadata: [String: String]
    private let handler: any LogHandler
    private let clock: @Sendable () -> Double

    public init(label: String, level: LogLevel = .info, metadata: [String: String] = [:], handler: any LogHandler,
                clock: @escaping @Sendable () -> Double = wallClock) {
        self.label = label
        self.level = level
        self.metadata = metadata
        self.handler = handler
        self.clock = clock
    }

    /// A logger that drops everything (the default where no logger is given).
    public static let disabled = Logger(label: "none", level: .error, handler: DiscardingLogHandler())

    /// The same logger under another label, with more fields.
    public func child(_ label: String, _ metadata: [String: String] = [:]) -> Logger {
        var child = Logger(label: label, level: level, metadata: self.metadata, handler: handler, clock: clock)
        child.metadata.merge(metadata) { $1 }
        return child
    }

    /// The same logger with `key` set to `value` on every event.
    public func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.metadata[key] = value
        return copy
    }

    public func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) {
        guard isEnabled(level) else { return }
        var fields = self.metadata
        fields.merge(metadata) { $1 }
        handler.log(LogRecord(time: clock(), level: level, label: label, message: message(), metadata: fields))
    }

    public func debug(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.debug, message(), metadata) }
    public func info(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.info, message(), metadata) }
    public func warn(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.warn, message(), metadata) }
    public func error(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.error, message(), metadata) }
}

/// A handler that drops every event.
public struct DiscardingLogHandler: LogHandler {
    public init() {}
    public func log(_ record: LogRecord) {}
}
