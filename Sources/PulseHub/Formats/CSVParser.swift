/// An RFC 4180 CSV parser over UTF-8 bytes: comma-separated fields, fields in double quotes may
/// hold commas, line breaks and doubled quotes (`""`); records end with LF or CRLF; blank lines
/// are skipped. It can parse a growing file piece by piece: with `final: false` an unfinished
/// last record is left for the next call. A value type owned by one caller.
public struct CSVParser: Sendable {
    /// One parsed record and the line it starts on.
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    /// The line number the next record starts on.
    public private(set) var nextLine: Int

    public init(firstLine: Int = 1) {
        nextLine = firstLine
    }

    /// Parses the complete records in `bytes`. Returns them and how many bytes they used; when
    /// `final` is true the whole input must be complete records (a last line may lack its
    /// newline). Throws `DataFileError` for a stray or unterminated quote or bad UTF-8.
    public mutating func parse(_ bytes: [UInt8], final: Bool) throws -> (rows: [Row], consumed: Int) {
        var rows: [Row] = []
        var consumed = 0
        var line = nextLine
        var fields: [String] = []
        var field: [UInt8] = []
        var recordLine = line
        var index = 0
        let quote: UInt8 = 34, comma: UInt8 = 44, newline: UInt8 = 10, carriage: UInt8 = 13

        func text(_ bytes: [UInt8], at line: Int) throws -> String {
            guard let string = String(validating: bytes, as: UTF8.self) else {
                throw DataFileError(line: line, "invalid UTF-8")
            }
            return string
        }
        func finishRecord(endingAt end: Int) throws {
            fields.append(try text(field, at: recordLine))
            field.removeAll(keepingCapacity: true)
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
            consumed = end
            recordLine = line
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote && field.isEmpty {
                // A quoted field: runs to the closing quote, which must be followed by , or a line end.
                let quoteLine = line
                index += 1
                var closed = false
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.count && bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    if inner == newline { line += 1 }
                    field.append(inner)
                    index += 1
                }
                if !closed {
                    if final { throw DataFileError(line: quoteLine, "quoted field is never closed") }
                    break
                }
                if index < bytes.count {
                    let next = bytes[index]
                    guard next == comma || next == newline || next == carriage else {
                        throw DataFileError(line: line, "unexpected character after a closing quote")
                    }
                }
                continue
            }
            switch byte {
            case comma:
                fields.append(try text(field, at: line))
                field.removeAll(keepingCapacity: true)
                index += 1
            case newline:
                line += 1
                index += 1
                try finishRecord(endingAt: index)
            case carriage where index + 1 < bytes.count && bytes[index + 1] == newline:
                index += 1
            case quote:
                throw DataFileError(line: line, "quote inside an unquoted field (quote the whole field and double the quote)")
            default:
                field.append(byte)
                index += 1
            }
        }
        if final && (index >= bytes.count) && (consumed < bytes.count) {
            try finishRecord(endingAt: bytes.count)
        }
        nextLine = recordLine
        return (rows, consumed)
    }
}
