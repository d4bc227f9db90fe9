import Foundation
import PulseHub

/// Reads posts from CSV (RFC 4180, parsed by `CSVParser`: a header row, `"` quoting with `""`
/// escapes, quoted fields may span lines) and turns each record into a post object: `text`,
/// `id`, `hashtags` (space-separated), `author`, `platform`, `created_at` as strings; `followers`, `likes`,
/// `shares`, `comments` and every other column whose cell is a number as numbers. Empty cells
/// are left out. Owned by one thread.
final class CSVPostReader {
    private let lines: LineReader
    private var parser = CSVParser()
    /// Bytes of lines read but not yet part of a complete record.
    private var pending: [UInt8] = []
    /// Records parsed but not yet returned.
    private var parsed: ArraySlice<CSVParser.Row> = []
    private var columns: [String] = []
    private static let stringColumns: Set<String> = ["text", "id", "author", "platform", "created_at"]
    private static let metricColumns: Set<String> = ["followers", "likes", "shares", "comments"]

    /// Reads the header row.
    /// - Throws: `LineReader.Failure` when the input is empty or has no `text` column.
    init(_ lines: LineReader) throws {
        self.lines = lines
        guard let header = try record() else {
            throw LineReader.Failure(description: "\(lines.name): empty CSV (expected a header row with a 'text' column)")
        }
        columns = header.fields.map { $0.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces).lowercased() }
        guard columns.contains("text") else {
            throw LineReader.Failure(description: "\(lines.name): the CSV header has no 'text' column (columns: \(columns.joined(separator: ", ")))")
        }
    }

    /// The next record as a post, or nil at the end.
    func next() throws -> SourcePost? {
        try record().map { SourcePost(line: $0.line, json: encode($0.fields)) }
    }

    private func encode(_ fields: [String]) -> [UInt8] {
        var writer = JSONWriter(capacity: 384)
        writer.beginObject()
        for (index, name) in columns.enumerated() where index < fields.count && !fields[index].isEmpty && !name.isEmpty {
            let cell = fields[index]
            if name == "hashtags" {
                writer.key(name)
                writer.beginArray()
                for tag in cell.split(whereSeparator: { $0 == " " || $0 == "," }) {
                    writer.string(tag.hasPrefix("#") ? String(tag.dropFirst()) : String(tag))
                }
                writer.endArray()
            } else if Self.stringColumns.contains(name) {
                writer.field(name, cell)
            } else if let number = Double(cell.trimmingCharacters(in: .whitespaces)), number.isFinite {
                writer.field(name, number)
            } else if Self.metricColumns.contains(name) {
                writer.field(name, cell)  // not a number: the hub refuses it, naming the field
            }
        }
        writer.endObject()
        return writer.bytes
    }

    /// The next CSV record, parsed by `CSVParser` (RFC 4180) as lines arrive: each line goes to
    /// the parser with `final: false`, so a quoted field that spans lines waits for its end.
    private func record() throws -> CSVParser.Row? {
        do {
            while parsed.isEmpty {
                guard let line = try lines.next() else {
                    guard !pending.isEmpty else { return nil }
                    parsed = try parser.parse(pending, final: true).rows[...]
                    pending.removeAll()
                    break
                }
                pending.append(contentsOf: line)
                pending.append(0x0A)
                let (rows, consumed) = try parser.parse(pending, final: false)
                pending.removeFirst(consumed)
                parsed.append(contentsOf: rows)
            }
        } catch let error as DataFileError {
            throw LineReader.Failure(description: "\(lines.name): line \(error.line): \(error.message)")
        }
        return parsed.popFirst()
    }
}
