#if canImport(Glibc)
import Glibc
#endif
import PulseAnalytics
import Synchronization

/// Writes log events to a file descriptor (standard error by default), one line each: text
/// (`TIME LEVEL message key=value ... [label]`) or a JSON object (`{"time","level","label",
/// "message", fields...}`). Thread-safe: each line is formatted first, then written whole under a
/// lock, so lines from different threads never interleave.
public final class StreamLogHandler: LogHandler {
    public let format: LogFormat
    private let descriptor: Int32
    private let lock = Mutex(())

    public init(format: LogFormat, descriptor: Int32 = 2) {
        self.format = format
        self.descriptor = descriptor
    }

    public func log(_ record: LogRecord) {
        let line = Array((format == .json ? Self.json(record) : Self.text(record)).utf8) + [0x0A]
        lock.withLock { _ in
            line.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }

    static func text(_ record: LogRecord) -> String {
        var line = "\(RFC3339.format(record.time)) \(record.level.rawValue) \(record.message)"
        for (key, value) in record.metadata.sorted(by: { $0.key < $1.key }) {
            let quoted = value.contains(" ") || value.isEmpty
            line += " \(key)=" + (quoted ? JSONValue.string(value).compactText : value)
        }
        return line + " [\(record.label)]"
    }

    static func json(_ record: LogRecord) -> String {
        var writer = JSONWriter(capacity: 160)
        writer.beginObject()
        writer.field("time", RFC3339.format(record.time))
        writer.field("level", record.level.rawValue)
        writer.field("label", record.label)
        writer.field("message", record.message)
        for (key, value) in record.metadata.sorted(by: { $0.key < $1.key })
        where !["time", "level", "label", "message"].contains(key) {
            writer.field(key, value)
        }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// Keeps every event in memory (tests read them back). Thread-safe.
public final class MemoryLogHandler: LogHandler {
    private let records = Mutex<[LogRecord]>([])
    public init() {}
    public func log(_ record: LogRecord) { records.withLock { $0.append(record) } }
    public var logged: [LogRecord] { records.withLock { $0 } }
}

/// Seconds since 1970 from the system clock.
@Sendable public func wallClock() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
