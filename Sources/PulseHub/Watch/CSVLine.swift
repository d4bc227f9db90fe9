import PulseAnalytics

/// One line of a watched CSV file turned into a post through the configured column mapping.
/// Lines are whole records (a quoted field may not span lines in watched files). Stateless.
enum CSVLine {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// The fields of one CSV line (RFC 4180 quoting).
    static func fields(_ bytes: [UInt8]) throws -> [String] {
        var parser = CSVParser()
        let (rows, _) = try parser.parse(bytes + [0x0A], final: true)
        guard let row = rows.first else { return [] }
        return row.fields
    }

    /// Builds the post: mapped columns fill their fields, every other numeric column is a metric;
    /// the result is validated like any posted post.
    static func post(_ bytes: [UInt8], header: [String], columns: [String: String], decoder: PostDecoder) throws -> Post {
        guard !header.isEmpty else { throw Invalid(description: "the file has no header row") }
        let values = try fields(bytes)
        guard values.count == header.count else {
            throw Invalid(description: "\(values.count) fields where the header has \(header.count)")
        }
        let fieldOfColumn = Dictionary(columns.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        var members: [(key: String, value: JSONValue)] = []
        for (column, value) in zip(header, values) where !value.isEmpty {
            if let field = fieldOfColumn[column] {
                if field == "hashtags" {
                    members.append((field, .array(value.split(whereSeparator: { $0 == " " || $0 == "," }).map { .string(String($0)) })))
                } else {
                    members.append((field, .string(value)))
                }
            } else if let number = Double(value), number.isFinite {
                members.append((column, .number(number)))
            }
        }
        return try decoder.post(from: .object(JSONObject(members)), index: 0)
    }
}
