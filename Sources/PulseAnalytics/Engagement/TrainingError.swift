/// Why an engagement model could not be trained from the given data; each case reads as a
/// message naming the column, line or count at fault. A value type.
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownColumn(String, available: [String])
    case missingTarget(column: String, location: String)
    case nonNumericTarget(column: String, location: String, value: String)
    case emptyColumn(String)
    case needsTextSource(String)
    case tooFewRows(String)
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .unknownColumn(let name, let available):
            let derived = DerivedFeature.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown column '\(name)' (data columns: \(available.joined(separator: ", ")); derived features: \(derived))"
        case .missingTarget(let column, let location):
            return "\(location): target column '\(column)' has no value"
        case .nonNumericTarget(let column, let location, let value):
            return "\(location): target column '\(column)' is not numeric: '\(value)'"
        case .emptyColumn(let name):
            return "column '\(name)' has no values in the training data"
        case .needsTextSource(let name):
            return "derived feature '\(name)' needs a sentiment/cluster source, which is not available here"
        case .tooFewRows(let text), .invalidRequest(let text):
            return text
        }
    }
}
