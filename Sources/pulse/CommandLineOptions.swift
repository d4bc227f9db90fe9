import Foundation

/// Parsed command-line words of one `pulse` subcommand: `--name value`, `--name=value`,
/// boolean `--flag`s, repeated options and positional arguments. Used on the main thread only.
///
/// Each command declares which options take a value and which are flags, so that an unknown
/// option or a missing value is an error naming the word, never silently ignored.
struct CommandLineOptions {
    private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Parses `words` (without the program and subcommand names).
    /// - Throws: `UsageError` for an unknown option or an option missing its value.
    init(_ words: [String], valueOptions: Set<String>, flagOptions: Set<String> = []) throws {
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || !word.hasPrefix("--") || word == "-" {
                positionals.append(word)
                continue
            }
            if word == "--" { onlyPositionals = true; continue }
            var name = word
            var inlineValue: String?
            if let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                inlineValue = String(word[word.index(after: equals)...])
            }
            if flagOptions.contains(name) {
                if inlineValue != nil { throw UsageError("option \(name) takes no value") }
                flags.insert(name)
            } else if valueOptions.contains(name) {
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard index < words.count else { throw UsageError("option \(name) needs a value") }
                    values[name, default: []].append(words[index])
                    index += 1
                }
            } else {
                throw UsageError("unknown option \(name)")
            }
        }
    }

    /// True when the boolean flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The last value given for `name`, if any.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Every value given for a repeatable option, in order.
    func allValues(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of `name` parsed as an integer within `range`.
    func int(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("option \(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
    }

    /// The value of `name` parsed as a finite number.
    func double(_ name: String) throws -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw UsageError("option \(name) must be a number, got '\(text)'")
        }
        return number
    }
}

/// A mistake in how a command was called; printed with a pointer to `--help`, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
