import Foundation
import PulseAnalytics

/// Reads training or prediction data into `DataRecord`s: CSV with a header row (every cell kept
/// as text; numbers are parsed where a feature needs them) or JSONL (one JSON object per line;
/// numbers stay numbers, booleans become "true"/"false", null counts as absent, arrays of
/// strings or numbers are joined with spaces, e.g. hashtags). Stateless; safe from any thread.
public enum DataFileReader {
    public enum Format: String, Sendable {
        case csv, jsonl

        /// `.jsonl` for names ending in .jsonl, .ndjson or .json, else `.csv`.
        public init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") ? .jsonl : .csv
        }
    }

    /// Reads a file (or standard input for "-"); throws `DataFileError` for malformed content.
    public static func read(path: String, format: Format? = nil) throws -> [DataRecord] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw DataFileError(line: 0, "cannot read file '\(path)'")
            }
            data = contents
        }
        return try records(from: data, format: format ?? Format(path: path))
    }

    /// Parses bytes in the given format.
    public static func records(from data: Data, format: Format) throws -> [DataRecord] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return format == .csv ? try csvRecords(bytes) : try jsonlRecords(bytes)
    }

    /// CSV with a header row naming the columns.
    public static func csvRecords(_ bytes: [UInt8]) throws -> [DataRecord] {
        var parser = CSVParser()
        let rows = try parser.parse(bytes, final: true).rows
        guard let header = rows.first else { throw DataFileError(line: 1, "the CSV file is empty (no header row)") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for name in names {
            if name.isEmpty { throw DataFileError(line: header.line, "the header has an empty column name") }
            if !seen.insert(name).inserted { throw DataFileError(line: header.line, "the header names column '\(name)' twice") }
        }
        return try rows.dropFirst().map { row in
            guard row.fields.count == names.count else {
                throw DataFileError(line: row.line, "\(row.fields.count) fields, but the header has \(names.count)")
            }
            var fields: [String: FieldValue] = [:]
            for (name, value) in zip(names, row.fields) { fields[name] = .text(value) }
            return DataRecord(fields, line: row.line)
        }
    }

    /// One JSON object per non-blank line, parsed by `JSONParser`.
    public static func jsonlRecords(_ bytes: [UInt8]) throws -> [DataRecord] {
        var records: [DataRecord] = []
        var lineNumber = 0
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != 32 && $0 != 9 && $0 != 13 }) else { continue }
            let value: JSONValue
            do {
                value = try JSONParser.parse(line)
            } catch {
                throw DataFileError(line: lineNumber, "not valid JSON: \(error)")
            }
            guard case .object(let object) = value else {
                throw DataFileError(line: lineNumber, "expected a JSON object, not a JSON \(value.typeName)")
            }
            var fields: [String: FieldValue] = [:]
            for (name, member) in object.members {  // a repeated name takes its last value
                if case .null = member {
                    fields[name] = nil
                    continue
                }
                guard let field = fieldValue(member) else {
                    throw DataFileError(line: lineNumber, "field '\(name)' is a nested object or array, not a value")
                }
                fields[name] = field
            }
            records.append(DataRecord(fields, line: lineNumber))
        }
        return records
    }

    /// A JSONL member (not null) as a field: numbers stay numbers, booleans become "true"/"false",
    /// an array of strings or numbers is joined with spaces; nil for anything nested.
    private static func fieldValue(_ value: JSONValue) -> FieldValue? {
        switch value {
        case .null: return nil
        case .bool(let flag): return .text(flag ? "true" : "false")
        case .number(let number): return .number(number)
        case .string(let text): return .text(text)
        case .object: return nil
        case .array(let items):
            var parts: [String] = []
            for item in items {
                switch item {
                case .string(let text): parts.append(text)
                case .number(let number): parts.append(FieldValue.number(number).label)
                default: return nil
                }
            }
            return .text(parts.joined(separator: " "))
        }
    }
}
