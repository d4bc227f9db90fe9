import Foundation
import PulseAnalytics

/// Reads the hashtags of every post in a JSONL or CSV file as clustering documents (the tags
/// joined by spaces), for `pulse cluster`. Stateless; safe to use from any thread.
///
/// JSONL (parsed by `JSONParser`): one JSON object per line (blank lines skipped); `field` holds an array of tag strings
/// or one string of space-separated tags. When `field` is missing or null, the hashtags are
/// extracted from the post's `text` (as ingestion does); without either it is an error naming
/// the line.
/// CSV (chosen by a `.csv` extension): `column` holds space-separated tags (a leading `#` is fine).
public enum TagDocuments {
    /// Unreadable or malformed input, naming the file, line and field.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// The documents of the file at `path`.
    public static func load(path: String, field: String = "hashtags", column: String = "Hashtags") throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure(description: "\(path) is not UTF-8 text")
        }
        if path.lowercased().hasSuffix(".csv") { return try fromCSV(text, column: column, path: path) }
        return try fromJSONLines(text, field: field, path: path)
    }

    /// Documents from CSV text.
    public static func fromCSV(_ text: String, column: String, path: String = "input") throws -> [String] {
        let table: CSVReader.Table
        do { table = try CSVReader.parse(text) } catch let failure as CSVReader.Failure {
            throw Failure(description: "\(path): \(failure)")
        }
        guard let index = table.column(named: column) else {
            throw Failure(description: "\(path): no column '\(column)' (columns: \(table.header.joined(separator: ", ")))")
        }
        return table.rows.map { $0[index] }
    }

    /// Documents from JSON Lines text.
    public static func fromJSONLines(_ text: String, field: String, path: String = "input") throws -> [String] {
        var documents: [String] = []
        var lineNumber = 0
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            let value: JSONValue
            do { value = try JSONParser.parse(line) } catch {
                throw Failure(description: "\(path) line \(lineNumber): not valid JSON: \(error)")
            }
            guard case .object(let post) = value else {
                throw Failure(description: "\(path) line \(lineNumber): expected a JSON object")
            }
            switch post[field] {
            case .array(let tags)?:
                let strings = tags.compactMap(\.stringValue)
                guard strings.count == tags.count else {
                    throw Failure(description: "\(path) line \(lineNumber): field '\(field)' must hold only strings")
                }
                documents.append(strings.joined(separator: " "))
            case .string(let tags)?:
                documents.append(tags)
            case nil, .null?:
                guard let text = post["text"]?.stringValue else {
                    throw Failure(description: "\(path) line \(lineNumber): no field '\(field)' and no string 'text' to take hashtags from")
                }
                documents.append(HashtagExtractor.extract(from: text).joined(separator: " "))
            default:
                throw Failure(description: "\(path) line \(lineNumber): field '\(field)' must be an array of strings or a string")
            }
        }
        return documents
    }
}
