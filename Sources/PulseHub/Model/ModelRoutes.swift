import Foundation
import PulseAnalytics
import PulseStore

/// The engagement-model routes: `GET /api/model`, `POST /api/model/train` (CSV or JSONL body;
/// target, features, grid, cv, seed, activate in the query), `GET /api/model/jobs/ID`,
/// `POST /api/model/jobs/ID/activate`. Immutable; called from request tasks.
public struct ModelRoutes: Sendable {
    public let models: ModelSlot
    public let jobs: TrainingJobs
    public let scorer: PostScorer

    public init(models: ModelSlot, jobs: TrainingJobs, scorer: PostScorer) {
        self.models = models
        self.jobs = jobs
        self.scorer = scorer
    }

    /// Longest `target`, `features` or `grid` parameter.
    static let maxParameterBytes = 256

    static let bodyTypes: [String: DataFileReader.Format] = [
        "text/csv": .csv, "application/x-ndjson": .jsonl, "application/ndjson": .jsonl, "application/jsonl": .jsonl,
    ]

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let path = request.path
        if path == "/api/model" {
            guard let model = models.model else { return .error(404, "no_model", "no engagement model is loaded") }
            return .json(200, ModelReportJSON.encode(model))
        }
        if path == "/api/model/train" { return train(request) }
        let parts = path.split(separator: "/").map(String.init)  // api, model, jobs, ID, [activate]
        guard parts.count >= 4, let job = jobs.job(parts[3]) else { return .error(404, "no_job", "no training job \(path)") }
        if parts.count == 5 && parts[4] == "activate" && request.method == "POST" {
            guard await jobs.activateJob(job.id) else { return .error(409, "not_ready", "job \(job.id) is \(job.state)") }
            return .json(200, Array(#"{"activated":true}"#.utf8))
        }
        guard parts.count == 4, request.method == "GET" else { return .error(404, "not_found", "no route \(path)") }
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("job", job.id)
        writer.field("state", job.state)
        writer.field("progress", job.progress)
        writer.field("message", job.message)
        writer.field("activated", job.activated)
        writer.key("report")
        if let model = job.model { writer.raw(ModelReportJSON.encode(model)) } else { writer.null() }
        writer.endObject()
        return .json(200, writer.bytes)
    }

    private func train(_ request: HTTPRequest) -> HTTPResponse {
        guard let format = Self.bodyTypes[request.mediaType ?? ""] else {
            return .error(415, "unsupported_media_type", "send the training data as text/csv or application/x-ndjson")
        }
        let query = Self.query(request.query)
        for name in ["target", "features", "grid"] where (query[name]?.utf8.count ?? 0) > Self.maxParameterBytes {
            return .error(400, "invalid_request", "query parameter '\(name)' is longer than \(Self.maxParameterBytes) bytes",
                          details: [("field", .string(name))])
        }
        guard let target = query["target"], !target.isEmpty else { return .error(400, "invalid_request", "query parameter 'target' is required", details: [("field", .string("target"))]) }
        let features = (query["features"] ?? "").split(separator: ",").map(String.init)
        guard !features.isEmpty else { return .error(400, "invalid_request", "query parameter 'features' is required", details: [("field", .string("features"))]) }
        do {
            let grid = try ParameterGrid(parsing: query["grid"] ?? "n_estimators=50;max_depth=8")
            let folds = Int(query["cv"] ?? "3") ?? -1
            let seed = UInt64(query["seed"] ?? "42") ?? 42
            let trainingRequest = EngagementTrainer.Request(target: target, features: features, grid: grid, folds: folds,
                                                            seed: seed, testFraction: 0.2)
            try EngagementTrainer.check(trainingRequest)
            let records = try DataFileReader.records(from: Data(request.body), format: format)
            _ = try EngagementTrainer.targets(of: records, column: target)
            let id = jobs.start(records: records, request: trainingRequest, textFeatures: scorer,
                                activateWhenDone: query["activate"] != "false")
            return .json(202, Array(#"{"job":"\#(id)"}"#.utf8))
        } catch {
            return .error(400, "invalid_training_request", "\(error)")
        }
    }

    /// `a=1&b=x,y` → ["a": "1", "b": "x,y"] (the transport has already percent-decoded each part).
    public static func query(_ text: String) -> [String: String] {
        // Split on the scalars, not on Characters: a Unicode "prepend" scalar (U+070F, say) joins
        // the `&` after it into one grapheme, which a Character split would not see (fuzzing found it).
        var result: [String: String] = [:]
        for pair in text.unicodeScalars.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String(String.UnicodeScalarView($0)) }
            if parts.count == 2 { result[parts[0]] = parts[1] }
        }
        return result
    }
}
