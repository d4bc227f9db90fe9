/// Filling the configuration from its sources, in this order: `--config FILE`, `PULSE_*`
/// environment variables, command-line flags. Every value is checked against its key's type and
/// range as it comes in; an error names the source, the key and why, and changes nothing.
extension PulseConfiguration {
    /// Applies a JSON config file's contents (`source` names it in errors). Members whose names
    /// start with `_` are documentation and are skipped.
    public mutating func merge(file bytes: [UInt8], source: String) throws(Invalid) {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch { throw Invalid(description: "\(source): not valid JSON: \(error)") }
        guard case .object(let root) = document else { throw Invalid(description: "\(source): must hold a JSON object") }
        var merged = self
        for (sectionName, sectionValue) in root.members where !sectionName.hasPrefix("_") {
            guard ConfigSchema.sections.contains(where: { $0.name == sectionName }) else {
                throw Invalid(description: "\(source): unknown section '\(sectionName)' (sections: \(ConfigSchema.sections.map(\.name).joined(separator: ", ")))")
            }
            guard case .object(let section) = sectionValue else {
                throw Invalid(description: "\(source): '\(sectionName)' must be an object, not \(sectionValue.typeName)")
            }
            for (name, value) in section.members where !name.hasPrefix("_") {
                try merged.set("\(sectionName).\(name)", value, source: source)
            }
        }
        self = merged
    }

    /// Applies every `PULSE_<SECTION>_<KEY>` variable present in `environment`.
    public mutating func merge(environment: [String: String]) throws(Invalid) {
        var merged = self
        for key in ConfigSchema.keys {
            if let text = environment[key.environmentName] { try merged.set(key.path, text: text, source: key.environmentName) }
        }
        self = merged
    }

    /// Sets a key from text (a flag or an environment variable): numbers, `true`/`false` (also
    /// 1/0, yes/no, on/off), and comma-separated lists.
    public mutating func set(_ path: String, text: String, source: String) throws(Invalid) {
        guard let key = ConfigSchema.key(path) else { throw Invalid(description: "\(source): unknown key '\(path)'") }
        let value: JSONValue
        switch key.kind {
        case .integer, .number:
            guard let number = Double(text.trimmingSpaces), number.isFinite else {
                throw Invalid(description: "\(source): '\(path)' must be \(key.kind.expected), got '\(text)'")
            }
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

    /// Sets a key from a JSON value after checking its type and range.
    public mutating func set(_ path: String, _ value: JSONValue, source: String) throws(Invalid) {
        guard let key = ConfigSchema.key(path) else {
            throw Invalid(description: "\(source): unknown key '\(path)'")
        }
        if let problem = key.problem(with: value) { throw Invalid(description: "\(source): '\(path)' \(problem)") }
        key.write(&self, value)
        origins[path] = source
    }
}
