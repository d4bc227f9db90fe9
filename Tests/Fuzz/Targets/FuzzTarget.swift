import PulseAnalytics
import PulseHub

/// One libFuzzer target: a parser of untrusted input plus the property it must keep for every
/// input (no crash, and the oracle below). A violated property stops the process with
/// `fatalError`, which libFuzzer records as a crash with the input that caused it.
/// Used from the single thread libFuzzer (or the replay loop) calls in on.
enum FuzzTarget: String, CaseIterable {
    case json, ndjson, csv, rfc3339, subscribe, query, webhook, config

    /// Feeds one input to the target's parsers and checks their answers.
    func run(_ input: [UInt8]) {
        switch self {
        case .json: roundTrip(input, .json)
        case .ndjson: roundTrip(input, .ndjson)
        case .csv:
            roundTrip(input, .csv)
            _ = try? CSVReader.parse(String(decoding: input, as: UTF8.self))
        case .subscribe: roundTrip(input, .subscribe)
        case .rfc3339: timestamp(input)
        case .query: query(input)
        case .webhook: webhook(input)
        case .config: config(input)
        }
    }

    private func roundTrip(_ input: [UInt8], _ target: ParserFuzzer.Target) {
        if let why = FuzzState.oracle.inconsistency(in: input, for: target) {
            fatalError("\(target.rawValue) round trip broken: \(why)")
        }
    }

    private func timestamp(_ input: [UInt8]) {
        let text = String(decoding: input, as: UTF8.self)
        guard let seconds = RFC3339.parse(text) else { return }
        // What is accepted can be written back (posts go out with `RFC3339.format`) and read again.
        let written = RFC3339.format(seconds)
        guard let again = RFC3339.parse(written), abs(again - seconds) < 0.001 else {
            fatalError("RFC3339 \(text.debugDescription) -> \(seconds) -> \(written.debugDescription) does not read back")
        }
    }

    /// Input: `query string \n static path`. The model-training query, its grid and options,
    /// and the dashboard's static path check.
    private func query(_ input: [UInt8]) {
        let (first, rest) = Self.splitLine(input)
        let text = String(decoding: first, as: UTF8.self)
        let parameters = ModelRoutes.query(text)
        for (name, value) in parameters where name.contains("&") || name.contains("=") || value.contains("&") {
            fatalError("query split wrongly: \(name.debugDescription)=\(value.debugDescription)")
        }
        if let grid = parameters["grid"] { _ = try? ParameterGrid(parsing: grid) }
        let features = (parameters["features"] ?? "").split(separator: ",").map(String.init)
        let request = EngagementTrainer.Request(target: parameters["target"] ?? "", features: features,
                                                grid: FuzzState.grid,
                                                folds: Int(parameters["cv"] ?? "3") ?? -1, seed: 1, testFraction: 0.2)
        _ = try? EngagementTrainer.check(request)
        let path = String(decoding: rest, as: UTF8.self)
        if let relative = StaticFiles.safeRelativePath(path) {
            let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
            if relative.contains("\0") || relative.contains("\\")
                || (!relative.isEmpty && segments.contains { $0.isEmpty || $0 == "." || $0 == ".." }) {
                fatalError("static path \(path.debugDescription) escaped as \(relative.debugDescription)")
            }
        }
    }

    /// Input: `signature \n timestamp \n body`; the first line is also tried as an
    /// `Authorization` header against a policy with one ingest token.
    private func webhook(_ input: [UInt8]) {
        let (signatureBytes, afterSignature) = Self.splitLine(input)
        let (timestampBytes, body) = Self.splitLine(afterSignature)
        let signature = String(decoding: signatureBytes, as: UTF8.self)
        let timestamp = String(decoding: timestampBytes, as: UTF8.self)
        let verdict = FuzzState.signature.verify(signature: signature, timestamp: timestamp, body: body)
        if verdict == nil, signature.lowercased() != FuzzState.signature.sign(timestamp: timestamp, body: body) {
            fatalError("forged signature accepted: \(signature.debugDescription) at \(timestamp.debugDescription)")
        }
        if FuzzState.policy.decide(authorization: signature, role: .ingest) == .allowed, !signature.contains(FuzzState.token) {
            fatalError("authorization \(signature.debugDescription) accepted without the token")
        }
        _ = FuzzState.policy.verifyBody(HTTPRequest(method: "POST", path: "/api/posts", headers: [
            "authorization": "Bearer \(FuzzState.token)", "x-pulse-signature": signature, "x-pulse-timestamp": timestamp,
        ], body: body))
    }

    private func config(_ input: [UInt8]) {
        var configuration = PulseConfiguration()
        try? configuration.merge(file: input, source: "fuzz.json")
    }

    /// The bytes before the first newline, and those after it.
    static func splitLine(_ bytes: [UInt8]) -> (line: ArraySlice<UInt8>, rest: [UInt8]) {
        guard let newline = bytes.firstIndex(of: 10) else { return (bytes[...], []) }
        return (bytes[..<newline], Array(bytes[(newline + 1)...]))
    }
}

/// What the targets share across inputs (built once). Only touched from the fuzzing thread.
enum FuzzState {
    nonisolated(unsafe) static var oracle = ParserFuzzer(seed: 1)
    static let token = "tok-ingest-123"
    static let signature = WebhookSignature(secret: Array("fuzz-secret".utf8), clock: { 1_700_000_000 })
    static let policy = AccessPolicy(tokens: [.ingest: [token]], webhook: signature)
    static let grid = try! ParameterGrid(parsing: "n_estimators=5")
}
