import PulseHub
import Synchronization

/// The command-line process's logger: text lines on standard error until `pulse serve` sets the
/// configured level and format (stdout stays for command output). Any thread.
enum Log {
    private static let current = Mutex(Logger(label: "pulse", handler: StreamLogHandler(format: .text)))

    /// The process logger; `child` it for a part's own label.
    static var logger: Logger { current.withLock { $0 } }

    /// Replaces the process logger (level and format from the configuration).
    static func configure(level: LogLevel, format: LogFormat) {
        current.withLock { $0 = Logger(label: "pulse", level: level, handler: StreamLogHandler(format: format)) }
    }

    static func info(_ message: String, _ metadata: [String: String] = [:]) { logger.info(message, metadata) }
    static func warning(_ message: String, _ metadata: [String: String] = [:]) { logger.warn(message, metadata) }
}
