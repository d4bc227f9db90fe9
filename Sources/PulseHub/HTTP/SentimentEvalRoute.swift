import PulseAnalytics

/// `POST /api/eval/sentiment`: evaluates VADER on the labelled TSV in the body (the file
/// `pulse eval-sentiment --data` reads, `Content-Type: text/tab-separated-values`) and answers
/// the same JSON with the same numbers. Refusals: 415 for another media type, 413 beyond
/// `maxSamples` lines, 400 for a body that is not UTF-8, has bad lines or no labelled line.
/// Immutable; called on a request task, it scores on a dedicated thread (seconds of CPU for a
/// large file must not hold a thread of the cooperative pool, which every request shares).
public struct SentimentEvalRoute: Sendable {
    public static let mediaType = "text/tab-separated-values"
    public let analyzer: SentimentAnalyzer
    /// Most samples one request may hold.
    public var maxSamples = 100_000

    public init(analyzer: SentimentAnalyzer) { self.analyzer = analyzer }

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let media = request.headers["content-type"].map { String($0.split(separator: ";").first ?? "").trimmingSpaces.lowercased() }
        guard media == Self.mediaType else {
            return .error(415, "unsupported_media_type",
                          "Content-Type must be \(Self.mediaType) (text<TAB>label lines), not \(media ?? "missing")")
        }
        guard let content = String(validating: request.body, as: UTF8.self) else {
            return .error(400, "bad_encoding", "the body is not valid UTF-8")
        }
        let samples: [SentimentEvaluation.Sample]
        do { samples = try SentimentEvaluation.parse(content) } catch {
            return .error(400, "bad_lines", "the file has \(error.description)",
                          details: [("bad_lines", .number(Double(error.badLineCount))),
                                    ("problems", .array(error.problems.map(JSONValue.string)))])
        }
        guard !samples.isEmpty else {
            return .error(400, "no_samples", "the body has no labelled line (text<TAB>label)")
        }
        guard samples.count <= maxSamples else {
            return .error(413, "too_many_samples", "the file has \(samples.count) samples; the limit is \(maxSamples)",
                          details: [("limit", .number(Double(maxSamples)))])
        }
        let analyzer = self.analyzer
        return await DedicatedThread.run("pulse-eval") {
            .json(200, Array(SentimentEvaluation.json(SentimentEvaluation.evaluate(samples, analyzer: analyzer)).utf8))
        }
    }
}
