/// The resolved configuration: defaults from `ConfigSchema`, overridden by a config file, then
/// `PULSE_*` environment variables, then command-line flags. Every value is checked against its
/// key's type and range as it comes in; errors name the key and the source. A plain value.
public struct PulseConfiguration: Sendable {
    /// A bad configuration value, with the key and where it came from.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    private var values: [String: JSONValue] = [:]

    public init() {
        for key in ConfigSchema.keys { values[key.path] = key.defaultValue }
    }

    /// Applies a JSON config file's contents (`source` names it in errors).
    public mutating func merge(file bytes: [UInt8], source: String) throws(Invalid) {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch { throw Invalid(description: "\(source): not valid JSON: \(error)") }
        guard case .object(let root) = document else { throw Invalid(description: "\(source): must hold a JSON object") }
        for (sectionName, sectionValue) in root.members where !sectionName.hasPrefix("_") {
            guard ConfigSchema.sections.contains(where: { $0.name == sectionName }) else {
                throw Invalid(description: "\(source): unknown section '\(sectionName)'")
            }
            guard case .object(let section) = sectionValue else { throw Invalid(description: "\(source): '\(sectionName)' must be an object") }
            for (name, value) in section.members where !name.hasPrefix("_") {
                try set("\(sectionName).\(name)", value, source: source)
            }
        }
    }

    /// Applies every `PULSE_<SECTION>_<KEY>` variable present in `environment`.
    public mutating func merge(environment: [String: String]) throws(Invalid) {
        for key in ConfigSchema.keys {
            if let text = environment[key.environmentName] { try set(key.path, text: text, source: key.environmentName) }
        }
    }

    /// Sets a key from text (a flag or an environment variable).
    public mutating func set(_ path: String, text: String, source: String) throws(Invalid) {
        guard let key = ConfigSchema.key(path) else { throw Invalid(description: "\(source): unknown key '\(path)'") }
        let value: JSONValue
        switch key.kind {
        case .integer, .number:
            guard let number = Double(text) else { throw Invalid(description: "\(source): '\(path)' must be a number, got '\(text)'") }
            value = .number(number)
        case .boolean:
            switch text.lowercased() {
            case "1", "true", "yes", "on": value = .bool(true)
            case "0", "false", "no", "off": value = .bool(false)
            default: throw Invalid(description: "\(source): '\(path)' must be true or false, got '\(text)'")
            }
        case .string, .choice: value = .string(text)
        case .strings: value = .array(text.split(separator: ",").map { .string(String($0)) })
        }
        try set(path, value, source: source)
    }

    /// Sets a key from a JSON value, checking its type and range.
    public mutating func set(_ path: String, _ value: JSONValue, source: String) throws(Invalid) {
        guard let key = ConfigSchema.key(path) else { throw Invalid(description: "\(source): unknown key '\(path)'") }
        func fail(_ why: String) -> Invalid { Invalid(description: "\(source): '\(path)' \(why)") }
        switch (key.kind, value) {
        case (.integer(let range), .number(let number)):
            guard number == number.rounded(), number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
                throw fail("must be an integer in \(range.lowerBound)...\(range.upperBound), got \(number)")
            }
        case (.number(let range), .number(let number)):
            guard range.contains(number) else { throw fail("must be in \(range.lowerBound)...\(range.upperBound), got \(number)") }
        case (.string, .string(let text)):
            guard !text.isEmpty || key.defaultValue == .string("") else { throw fail("must not be empty") }
        case (.boolean, .bool): break
        case (.choice(let options), .string(let text)):
            guard options.contains(text) else { throw fail("must be one of \(options.joined(separator: ", ")), got '\(text)'") }
        case (.strings, .array(let items)):
            guard items.allSatisfy({ $0.stringValue != nil }) else { throw fail("must be an array of strings") }
        default:
            throw fail("has the wrong type (\(value.typeName))")
        }
        values[path] = value
    }

    public func int(_ path: String) -> Int { Int(values[path]?.numberValue ?? 0) }
    public func double(_ path: String) -> Double { values[path]?.numberValue ?? 0 }
    public func string(_ path: String) -> String { values[path]?.stringValue ?? "" }
    public func bool(_ path: String) -> Bool { values[path] == .bool(true) }
    public func strings(_ path: String) -> [String] { values[path]?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
