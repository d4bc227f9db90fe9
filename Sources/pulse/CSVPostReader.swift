import Foundation
import PulseHub

/// Reads posts from CSV (RFC 4180: a header row, `"` quoting with `""` escapes, quoted fields
/// may span lines) and turns each record into a post object: `text`, `id`, `hashtags`
/// (space-separated), `author`, `platform`, `created_at` as strings; `followers`, `likes`,
/// `shares`, `comments` and every other column whose cell is a number as numbers. Empty cells
/// are left out. Owned by one thread.
final class CSVPostReader {
    private let lines: LineReader
    private let columns: [String]
    private static let stringColumns: Set<String> = ["text", "id", "author", "platform", "created_at"]
    private static let metricColumns: Set<String> = ["followers", "likes", "shares", "comments"]

    /// Reads the header row.
    /// - Throws: `LineReader.Failure` when the input is empty or has no `text` column.
    init(_ lines: LineReader) throws {
        self.lines = lines
        guard let header = try Self.record(from: lines) else {
            throw LineReader.Failure(description: "\(lines.name): empty CSV (expected a header row with a 'text' column)")
        }
        columns = header.fields.map { $0.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces).lowercased() }
        guard columns.contains("text") else {
            throw LineReader.Failure(description: "\(lines.name): the CSV header has no 'text' column (columns: \(columns.joined(separator: ", ")))")
        }
    }

    /// The next record as a post, or nil at the end.
    func next() throws -> SourcePost? {
        while let record = try Self.record(from: lines) {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }
            return SourcePost(line: record.line, json: encode(record.fields))
        }
        return nil
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

    /// One CSV record (its fields and first line number), joining lines inside quotes.
    private static func record(from lines: LineReader) throws -> (fields: [String], line: Int)? {
        guard var line = try lines.next() else { return nil }
        let firstLine = lines.lineNumber
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = line.startIndex
        while true {
            if index == line.endIndex {
                if quoted {
                    guard let more = try lines.next() else {
                        throw LineReader.Failure(description: "\(lines.name): line \(firstLine): unterminated quoted CSV field")
                    }
                    field.append(0x0A)
                    line = more
                    index = line.startIndex
                    continue
                }
                fields.append(String(decoding: field, as: UTF8.self))
                return (fields, firstLine)
            }
            let byte = line[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < line.endIndex && line[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if byte == UInt8(ascii: "\"") && field.isEmpty {
                quoted = true
            } else {
                field.append(byte)
            }
        }
    }
}
