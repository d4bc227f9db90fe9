import CLibWebSockets
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where libwebsockets' own log lines go. lws has one process-wide emitter (a C function), so the
/// destination is a process-wide closure, set by the newest server or client. Thread-safe.
enum LibraryLog {
    private static let destination = Mutex<(@Sendable (LWSServerEvent) -> Void)?>(nil)

    /// Sends lws lines of `level` (LLL_* bits) to `events`.
    static func route(level: Int32, to events: @escaping @Sendable (LWSServerEvent) -> Void) {
        destination.withLock { $0 = events }
        lws_set_log_level(level, pulseLWSLog)
    }

    /// Writes `lws: LINE` to standard error (where no destination is set, and for CLI clients).
    static func printToStandardError(_ line: String) {
        let bytes = Array("lws: \(line)\n".utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func emit(level: Int32, _ line: String) {
        let events = destination.withLock { $0 }
        if let events {
            events(.library(level: level, line: line))
        } else {
            printToStandardError(line)
        }
    }
}

/// The C emitter lws calls (any thread that runs lws).
func pulseLWSLog(level: Int32, line: UnsafePointer<CChar>?) {
    guard let line else { return }
    var text = String(cString: line)
    while text.last == "\n" { text.removeLast() }
    LibraryLog.emit(level: level, text)
}
