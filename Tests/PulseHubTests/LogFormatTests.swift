import Foundation
@testable import PulseHub
import Testing

/// The log handler's two line formats.
@Suite struct LogFormatTests {
    let record = LogRecord(time: 1_764_600_000.25, level: .warn, label: "http",
                           message: "a \"quoted\" message\nwith a newline", metadata: ["request": "12.3", "path": "/api/posts"])

    @Test func jsonLinesAreOneObjectWithTimeLevelMessageAndFields() throws {
        let line = StreamLogHandler.json(record)
        #expect(!line.contains("\n"))
        let object = try JSONParser.parse(Array(line.utf8))
        #expect(object["time"]?.stringValue == "2025-12-01T14:40:00.250Z")
        #expect(object["level"]?.stringValue == "warn")
        #expect(object["label"]?.stringValue == "http")
        #expect(object["message"]?.stringValue == record.message)
        #expect(object["request"]?.stringValue == "12.3")
        #expect(object["path"]?.stringValue == "/api/posts")
    }

    @Test func textLinesStartWithTimeLevelAndMessage() {
        let line = StreamLogHandler.text(LogRecord(time: 0, level: .info, label: "serve", message: "listening on http://127.0.0.1:80",
                                                   metadata: ["reason": "two words"]))
        #expect(line == #"1970-01-01T00:00:00.000Z info listening on http://127.0.0.1:80 reason="two words" [serve]"#)
    }

    @Test func loggersDropEventsBelowTheirLevel() {
        let memory = MemoryLogHandler()
        let logger = Logger(label: "t", level: .warn, handler: memory)
        logger.info("dropped")
        logger.error("kept", ["k": "v"])
        #expect(memory.logged.map(\.message) == ["kept"])
        #expect(memory.logged.first?.metadata == ["k": "v"])
    }
}
