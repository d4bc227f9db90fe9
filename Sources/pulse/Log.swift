import Foundation

/// Timestamped log lines on standard error (stdout stays for command output). Any thread.
enum Log {
    static func info(_ message: String) { write("info", message) }
    static func warning(_ message: String) { write("warn", message) }

    private static func write(_ level: String, _ message: String) {
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        FileHandle.standardError.write(Data("\(stamp) \(level) \(message)\n".utf8))
    }
}
