/// A minimal RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold
/// commas, line breaks and doubled quotes (`""`); CRLF or LF line ends; a UTF-8 byte-order mark
/// is skipped. Stateless; safe to use from any thread.
public enum CSVReader {
    /// A malformed CSV input, with the line it was found on.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        /// 1-based line where the problem starts.
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// A parsed table: the header row and the data rows (with the line each starts on).
    public struct Table: Sendable, Equatable {
        public var header: [String]
        public var rows: [[String]]
        public var rowLines: [Int]

        /// The column index of `name` (exact match first, then case-insensitive).
        public func column(named name: String) -> Int? {
            header.firstIndex(of: name) ?? header.firstIndex { $0.lowercased() == name.lowercased() }
        }
    }

    /// Parses `text`; the first record is the header. Empty lines are skipped.
    /// - Throws: `Failure` for an unterminated quote, text after a closing quote, or a row whose
    ///   field count differs from the header's.
    public static func parse(_ text: String) throws -> Table {
        var records: [[String]] = []
        var recordLines: [Int] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var inQuotes = false, wasQuoted = false, quoteLine = 0
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var index = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(fields)
                recordLines.append(recordLine)
            }
            fields = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if byte == UInt8(ascii: "\r") && index < bytes.count && bytes[index] == UInt8(ascii: "\n") { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            case UInt8(ascii: "\""):
                guard field.isEmpty && !wasQuoted else {
                    throw Failure(line: line, reason: "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                inQuotes = true
                wasQuoted = true
                quoteLine = line
            default:
                if wasQuoted { throw Failure(line: line, reason: "text after a closing quote") }
                field.append(byte)
            }
        }
        if inQuotes { throw Failure(line: quoteLine, reason: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        guard let header = records.first else { throw Failure(line: 1, reason: "no header row") }
        for (record, recordLine) in zip(records.dropFirst(), recordLines.dropFirst()) where record.count != header.count {
            throw Failure(line: recordLine, reason: "\(record.count) fields, but the header has \(header.count)")
        }
        return Table(header: header, rows: Array(records.dropFirst()), rowLines: Array(recordLines.dropFirst()))
    }
}
