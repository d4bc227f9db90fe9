/// The configuration written out: the documented defaults (`Config/pulse.json`, `pulse config`)
/// and the merged values with their origins (`pulse config --effective`). Pure functions.
extension ConfigSchema {
    /// The defaults as the documented JSON file (`Config/pulse.json`).
    public static func defaultsDocument() -> String {
        document(PulseConfiguration(), effective: false)
    }

    /// Every key's merged value and where it came from (`{"value": V, "from": "default" | FILE |
    /// PULSE_… | --flag}`); secret values are replaced by how many were set.
    public static func effectiveDocument(_ configuration: PulseConfiguration) -> String {
        document(configuration, effective: true)
    }

    private static func document(_ configuration: PulseConfiguration, effective: Bool) -> String {
        var lines = ["{"]
        if !effective {
            lines.append("  \"_doc\": \"Pulse configuration: every key with its default. --config FILE, then PULSE_<SECTION>_<KEY> environment variables, then command-line flags override these, in that order.\",")
        }
        for (sectionIndex, section) in sections.enumerated() {
            lines.append("  \"\(section.name)\": {")
            let sectionKeys = keys.filter { $0.section == section.name }
            var entries: [String] = effective ? [] : ["    \"_doc\": \(JSONValue.string(section.doc).compactText)"]
            for key in sectionKeys {
                var value = key.value(in: configuration)
                if effective {
                    if key.isSecret { value = .string(secretSummary(value)) }
                    let from = JSONValue.string(configuration.origin(of: key.path)).compactText
                    entries.append("    \"\(key.name)\": {\"value\": \(value.compactText), \"from\": \(from)}")
                } else {
                    entries.append("    \"\(key.name)\": \(value.compactText)")
                }
            }
            if !effective {
                entries.append("    \"_keys\": {" + sectionKeys.map { "\"\($0.name)\": \(JSONValue.string($0.doc).compactText)" }
                    .joined(separator: ", ") + "}")
            }
            lines.append(entries.joined(separator: ",\n"))
            lines.append(sectionIndex == sections.count - 1 ? "  }" : "  },")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func secretSummary(_ value: JSONValue) -> String {
        switch value {
        case .array(let items): return items.isEmpty ? "(none)" : "(\(items.count) set, not shown)"
        case .string(let text): return text.isEmpty ? "(none)" : "(set, not shown)"
        default: return "(not shown)"
        }
    }
}

extension JSONValue {
    /// The value as compact JSON text.
    var compactText: String {
        var writer = JSONWriter()
        writer.value(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
