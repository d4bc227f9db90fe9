/// A whole CSV text as a table (header row plus data rows), parsed by `CSVParser` (RFC 4180);
/// a UTF-8 byte-order mark is skipped and every row must have the header's field count.
/// Stateless; safe to use from any thread.
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
    /// - Throws: `Failure` for a malformed quote or a row whose field count differs from the header's.
    public static func parse(_ text: String) throws -> Table {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var parser = CSVParser()
        let rows: [CSVParser.Row]
        do {
            rows = try parser.parse(bytes, final: true).rows
        } catch let error as DataFileError {
            throw Failure(line: error.line, reason: error.message)
        }
        guard let header = rows.first else { return Table(header: [], rows: [], rowLines: []) }
        for row in rows.dropFirst() where row.fields.count != header.fields.count {
            throw Failure(line: row.line, reason: "\(row.fields.count) fields, but the header has \(header.fields.count)")
        }
        return Table(header: header.fields, rows: rows.dropFirst().map(\.fields), rowLines: rows.dropFirst().map(\.line))
    }
}
