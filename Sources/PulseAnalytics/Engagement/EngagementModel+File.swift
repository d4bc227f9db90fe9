import Foundation

/// The model file: `{"format": "pulse-forest", "version": 1, "target", "preprocessing",
/// "forest", "report"}`.
extension EngagementModel {
    private enum CodingKeys: String, CodingKey { case format, version, target, preprocessing, forest, report }

    private struct Header: Decodable {
        let format: String?
        let version: Int?
    }

    private struct File: Codable {
        let format: String
        let version: Int
        let target: String
        let preprocessing: FeaturePreprocessor
        let forest: RandomForest
        let report: TrainingReport
    }

    /// The model as JSON (keys sorted, so equal models give equal bytes).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(File(
            format: Self.format, version: Self.version, target: target, preprocessing: preprocessor,
            forest: forest, report: report))
    }

    /// Loads and validates a model file; throws `ModelFileError` saying what is wrong.
    public init(jsonData data: Data) throws {
        let decoder = JSONDecoder()
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw ModelFileError.notJSON(Self.describe(error))
        }
        guard let format = header.format else { throw ModelFileError.wrongFormat("(missing)") }
        guard format == Self.format else { throw ModelFileError.wrongFormat(format) }
        guard let version = header.version else { throw ModelFileError.invalid("missing 'version'") }
        guard version == Self.version else { throw ModelFileError.unsupportedVersion(version) }
        let file: File
        do {
            file = try decoder.decode(File.self, from: data)
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw ModelFileError.invalid(Self.describe(error))
        }
        try self.init(target: file.target, preprocessor: file.preprocessing, forest: file.forest, report: file.report)
    }

    /// A decoding error as "at forest.trees[3].value: ..." text.
    private static func describe(_ error: any Error) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "top level" : String(text.drop(while: { $0 == "." }))
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context.codingPath))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "at \(path(context.codingPath)): \(underlying ?? context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
