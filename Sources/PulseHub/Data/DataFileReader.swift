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

    /// One JSON object per non-blank line.
    public static func jsonlRecords(_ bytes: [UInt8]) throws -> [DataRecord] {
        var records: [DataRecord] = []
        let decoder = JSONDecoder()
        var lineNumber = 0
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != 32 && $0 != 9 && $0 != 13 }) else { continue }
            let object: [String: JSONField]
            do {
                object = try decoder.decode([String: JSONField].self, from: Data(line))
            } catch {
                throw DataFileError(line: lineNumber, "not a JSON object (\(Self.reason(error)))")
            }
            var fields: [String: FieldValue] = [:]
            for (name, value) in object {
                switch value {
                case .value(let field): fields[name] = field
                case .null: break
                case .nested: throw DataFileError(line: lineNumber, "field '\(name)' is a nested object or array, not a value")
                }
            }
            records.append(DataRecord(fields, line: lineNumber))
        }
        return records
    }

    private static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        if case DecodingError.typeMismatch(_, let context) = error { return context.debugDescription }
        return "\(error)"
    }
}

/// One JSON value of a JSONL line as the reader sees it.
private enum JSONField: Decodable {
    case value(FieldValue)
    case null
    case nested

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.singleValueContainer() {
            if container.decodeNil() { self = .null; return }
            if let flag = try? container.decode(Bool.self) { self = .value(.text(flag ? "true" : "false")); return }
            if let number = try? container.decode(Double.self) { self = .value(.number(number)); return }
            if let text = try? container.decode(String.self) { self = .value(.text(text)); return }
        }
        if var list = try? decoder.unkeyedContainer() {
            var parts: [String] = []
            while !list.isAtEnd {
                if let text = try? list.decode(String.self) {
                    parts.append(text)
                } else if let number = try? list.decode(Double.self) {
                    parts.append(FieldValue.number(number).label)
                } else {
                    self = .nested
                    return
                }
            }
            self = .value(.text(parts.joined(separator: " ")))
            return
        }
        self = .nested
    }
}
