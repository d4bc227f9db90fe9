extension ConfigSchema {
    /// What values a key takes.
    public enum Kind: Sendable {
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case string(allowsEmpty: Bool)
        case boolean
        case strings
        case choice([String])
    }

    /// One key, `section.name`: its type, documentation, and how it reads and writes its typed
    /// field of `PulseConfiguration`. Immutable.
    public struct Key: Sendable {
        public let section: String
        public let name: String
        public let kind: Kind
        public let doc: String
        /// Tokens and secrets: `pulse config --effective` does not print their values.
        public let isSecret: Bool
        let read: @Sendable (PulseConfiguration) -> JSONValue
        let write: @Sendable (inout PulseConfiguration, JSONValue) -> Void
        /// A further rule for list values; returns why a value breaks it.
        let checkList: (@Sendable ([String]) -> String?)?

        public var path: String { section + "." + name }

        /// `PULSE_SERVER_PORT` for `server.port`.
        public var environmentName: String {
            var snake = ""
            for character in name {
                if character.isUppercase { snake += "_" }
                snake += character.uppercased()
            }
            return "PULSE_\(section.uppercased())_\(snake)"
        }

        /// The default, as the initial value of the typed field.
        public var defaultValue: JSONValue { read(PulseConfiguration()) }

        /// The value `configuration` holds for this key.
        public func value(in configuration: PulseConfiguration) -> JSONValue { read(configuration) }

        /// Why `value` is not acceptable for this key (type or range), or nil when it is.
        public func problem(with value: JSONValue) -> String? {
            switch (kind, value) {
            case (.integer(let range), .number(let number)):
                guard number == number.rounded(), number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
                    return "must be an integer in \(range.lowerBound)...\(range.upperBound), got \(JSONValue.number(number).compactText)"
                }
            case (.number(let range), .number(let number)):
                guard range.contains(number) else {
                    return "must be a number in \(range.lowerBound)...\(range.upperBound), got \(JSONValue.number(number).compactText)"
                }
            case (.string(let allowsEmpty), .string(let text)):
                guard allowsEmpty || !text.isEmpty else { return "must not be empty" }
            case (.boolean, .bool): break
            case (.choice(let options), .string(let text)):
                guard options.contains(text) else { return "must be one of \(options.joined(separator: ", ")), got '\(text)'" }
            case (.strings, .array(let items)):
                let texts = items.compactMap(\.stringValue)
                guard texts.count == items.count else { return "must be an array of strings" }
                return checkList?(texts)
            default:
                return "must be \(kind.expected), not \(value.typeName)"
            }
            return nil
        }
    }
}

extension ConfigSchema.Kind {
    /// What a value of this kind looks like, for error messages.
    var expected: String {
        switch self {
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .boolean: "true or false"
        case .strings: "an array of strings"
        case .choice(let options): "one of \(options.joined(separator: ", "))"
        }
    }
}

/// The key builders used by `ConfigSchema.keys`, one per field type.
extension ConfigSchema.Key {
    typealias Field<Value> = WritableKeyPath<PulseConfiguration, Value> & Sendable

    static func integer(_ section: String, _ name: String, _ field: Field<Int>, _ range: ClosedRange<Int>, _ doc: String) -> Self {
        Self(section: section, name: name, kind: .integer(range), doc: doc, isSecret: false,
             read: { .number(Double($0[keyPath: field])) }, write: { $0[keyPath: field] = Int($1.numberValue ?? 0) }, checkList: nil)
    }

    static func number(_ section: String, _ name: String, _ field: Field<Double>, _ range: ClosedRange<Double>, _ doc: String) -> Self {
        Self(section: section, name: name, kind: .number(range), doc: doc, isSecret: false,
             read: { .number($0[keyPath: field]) }, write: { $0[keyPath: field] = $1.numberValue ?? 0 }, checkList: nil)
    }

    static func text(_ section: String, _ name: String, _ field: Field<String>, _ doc: String, secret: Bool = false) -> Self {
        let allowsEmpty = PulseConfiguration()[keyPath: field].isEmpty
        return Self(section: section, name: name, kind: .string(allowsEmpty: allowsEmpty), doc: doc, isSecret: secret,
                    read: { .string($0[keyPath: field]) }, write: { $0[keyPath: field] = $1.stringValue ?? "" }, checkList: nil)
    }

    static func flag(_ section: String, _ name: String, _ field: Field<Bool>, _ doc: String) -> Self {
        Self(section: section, name: name, kind: .boolean, doc: doc, isSecret: false,
             read: { .bool($0[keyPath: field]) }, write: { $0[keyPath: field] = $1 == .bool(true) }, checkList: nil)
    }

    static func list(_ section: String, _ name: String, _ field: Field<[String]>, _ doc: String, secret: Bool = false,
                     check: (@Sendable ([String]) -> String?)? = nil) -> Self {
        Self(section: section, name: name, kind: .strings, doc: doc, isSecret: secret,
             read: { .array($0[keyPath: field].map { .string($0) }) },
             write: { $0[keyPath: field] = $1.arrayValue?.compactMap(\.stringValue) ?? [] }, checkList: check)
    }

    static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(
        _ section: String, _ name: String, _ field: Field<Choice>, _ doc: String
    ) -> Self where Choice.RawValue == String {
        Self(section: section, name: name, kind: .choice(Choice.allCases.map(\.rawValue)), doc: doc, isSecret: false,
             read: { .string($0[keyPath: field].rawValue) },
             write: { configuration, value in
                 if let choice = value.stringValue.flatMap(Choice.init(rawValue:)) { configuration[keyPath: field] = choice }
             }, checkList: nil)
    }
}
