import Foundation

/// How many features a tree considers at each split, as scikit-learn's `max_features`:
/// a count, a fraction of the features, "sqrt", "log2", or all (`fraction(1.0)`, the regressor
/// default). A value type, safe to share across threads.
public enum MaxFeatures: Sendable, Hashable, Codable, CustomStringConvertible {
    case count(Int)
    case fraction(Double)
    case sqrt
    case log2

    /// Every feature (scikit-learn's default for regressors).
    public static let all = MaxFeatures.fraction(1.0)

    /// The number of features to draw out of `featureCount`, at least 1 and at most all.
    public func resolved(featureCount: Int) -> Int {
        let n = Double(featureCount)
        let raw: Int
        switch self {
        case .count(let count): raw = count
        case .fraction(let fraction): raw = Int(fraction * n)
        case .sqrt: raw = Int(n.squareRoot())
        case .log2: raw = Int(Foundation.log2(n))
        }
        return min(featureCount, max(1, raw))
    }

    /// Parses the command-line / grid spelling: an integer, a fraction in (0, 1], "sqrt",
    /// "log2", or "all"/"none" for every feature.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "sqrt": self = .sqrt
        case "log2": self = .log2
        case "all", "none": self = .all
        default:
            if let count = Int(text), count >= 1 {
                self = .count(count)
            } else if let fraction = Double(text), fraction > 0, fraction <= 1 {
                self = .fraction(fraction)
            } else {
                return nil
            }
        }
    }

    public var description: String {
        switch self {
        case .count(let count): return String(count)
        case .fraction(let fraction): return fraction == 1 ? "all" : String(fraction)
        case .sqrt: return "sqrt"
        case .log2: return "log2"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let parsed = MaxFeatures(parsing: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "bad max_features '\(text)'")
            }
            self = parsed
        } else if let count = try? container.decode(Int.self) {
            self = .count(count)
        } else {
            self = .fraction(try container.decode(Double.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .count(let count): try container.encode(count)
        case .fraction(let fraction):
            // 1.0 would read back as the count 1; "all" keeps its meaning.
            if fraction == 1 { try container.encode("all") } else { try container.encode(fraction) }
        case .sqrt: try container.encode("sqrt")
        case .log2: try container.encode("log2")
        }
    }
}
