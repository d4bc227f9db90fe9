import PulseStore
import Synchronization

/// Pulse's HTTP routes (see the README's API table): ingest, state, health, metrics and the
/// dashboard's static files. Immutable and thread-safe; `preflight` runs on the transport's
/// service thread, `handle` on request tasks.
public struct Router: HTTPHandler {
    /// Request-level limits, from the `limits` section of the configuration.
    public struct Limits: Sendable {
        public var maxBodyBytes = 8 << 20
        public init() {}
    }

    public let ingest: IngestService
    public let hub: Hub
    public let staticFiles: StaticFiles
    public let limits: Limits
    /// False while recovery runs or the cluster log is out of reach: `/readyz` and ingest answer 503.
    public let ready: Readiness
    public let analyze: AnalyzeRoute
    public let model: ModelRoutes
    /// Groups small `POST /api/posts` requests (see `submit`).
    let batcher: IngestBatcher
    /// Bearer tokens and webhook signatures (open unless configured).
    public var access = AccessPolicy()
    /// The OpenAPI document served at `GET /api/openapi.json` (`Config/openapi.json`, read at start).
    public var openAPIDocument: [UInt8] = []
    /// One debug line per request; errors that reach a client as 5xx at error level.
    public let logger: Logger
    /// More gauges for `/metrics` (name, help, value), read at each scrape (the cluster's figures).
    public var gauges: @Sendable () -> [(name: String, help: String, value: Double)] = { [] }
    /// More counters for `/metrics` (name, help, value), read at each scrape (the WAL's, in single-node mode).
    public var counters: @Sendable () -> [(name: String, help: String, value: UInt64)] = { [] }

    public init(ingest: IngestService, hub: Hub, staticFiles: StaticFiles, limits: Limits, ready: Readiness, model: ModelRoutes,
                logger: Logger = .disabled) {
        self.logger = logger
        self.ingest = ingest
        self.hub = hub
        self.staticFiles = staticFiles
        self.limits = limits
        self.ready = ready
        self.model = model
        analyze = AnalyzeRoute(scorer: ingest.scorer, store: ingest.store, decoder: ingest.decoder, clock: ingest.clock)
        batcher = IngestBatcher(service: ingest)
    }

    /// The methods each API path allows.
    static let routes: [String: Set<String>] = [
        "/api/posts": ["POST"], "/api/state": ["GET"], "/healthz": ["GET"], "/readyz": ["GET"], "/metrics": ["GET"],
        "/ws": ["GET"], "/api/analyze": ["POST"], "/api/model": ["GET"], "/api/model/train": ["POST"],
        "/api/eval/sentiment": ["POST"],
        "/api/stream": ["GET"], "/api/openapi.json": ["GET"],
    ]

    static let postMediaTypes: [String: PostDecoder.Format] = [
        "application/json": .json, "application/x-ndjson": .ndjson, "application/ndjson": .ndjson,
        "application/jsonl": .ndjson, "application/x-jsonlines": .ndjson,
    ]

    public func preflight(method: String, path: String, headers: [String: String]) -> HTTPResponse? {
        if let allowed = Self.routes[path] {
            guard allowed.contains(method) else {
                return refuse(.error(405, "method_not_allowed", "\(path) accepts \(allowed.sorted().joined(separator: ", "))",
                                     headers: [("Allow", allowed.sorted().joined(separator: ", "))]), reason: "method_not_allowed")
            }
        } else if path.hasPrefix("/api/model/jobs/") {
            // A job is read with GET; `/api/model/jobs/ID/activate` takes POST.
            let allowed = path.hasSuffix("/activate") ? "POST" : "GET"
            guard method == allowed else {
                return refuse(.error(405, "method_not_allowed", "\(path) accepts \(allowed)", headers: [("Allow", allowed)]), reason: "method_not_allowed")
            }
        } else if path.hasPrefix("/api/") || path == "/api" {
            return refuse(.error(404, "not_found", "no API route \(path)"), reason: "not_found")
        } else if method != "GET" {
            return refuse(.error(405, "method_not_allowed", "static files accept GET", headers: [("Allow", "GET")]), reason: "method_not_allowed")
        }
        if let refusal = access.preflight(method: method, path: path, headers: headers) {
            return refuse(refusal, reason: "unauthorized")
        }
        guard method == "POST" else { return nil }
        if headers["transfer-encoding"] != nil || headers["content-length"] == nil {
            return refuse(.error(411, "length_required", "send the body with a Content-Length header (chunked bodies are not accepted)"),
                          reason: "length_required")
        }
        guard let length = Int(headers["content-length"]!), length >= 0 else {
            return refuse(.error(400, "bad_content_length", "Content-Length must be a non-negative integer"), reason: "bad_request")
        }
        if length > limits.maxBodyBytes {
            return refuse(.error(413, "too_large", "the body has \(length) bytes; the limit is \(limits.maxBodyBytes)",
                                 details: [("limit", .number(Double(limits.maxBodyBytes)))]), reason: "too_large")
        }
        let media = headers["content-type"].map(HTTPRequest.mediaType(of:))
        if path == "/api/posts", Self.postMediaTypes[media ?? ""] == nil {
            return refuse(.error(415, "unsupported_media_type",
                                 "Content-Type must be application/json or application/x-ndjson, not \(media ?? "missing")"),
                          reason: "unsupported_media_type")
        }
        if path == "/api/analyze", media != "application/json" {
            return refuse(.error(415, "unsupported_media_type", "Content-Type must be application/json, not \(media ?? "missing")"),
                          reason: "unsupported_media_type")
        }
        if path == "/api/model/train", ModelRoutes.bodyTypes[media ?? ""] == nil {
            return refuse(.error(415, "unsupported_media_type", "Content-Type must be text/csv or application/x-ndjson, not \(media ?? "missing")"),
                          reason: "unsupported_media_type")
        }
        return nil
    }

    private func refuse(_ response: HTTPResponse, reason: String) -> HTTPResponse {
        ingest.metrics.reject(reason)
        var response = response
        response.closeConnection = true
        return response
    }

    /// Small unsigned `POST /api/posts` requests while ready go to the batcher, which ingests
    /// those that arrive together as one group; everything else is `handle`d on a task of its own
    /// (the answers are the same either way).
    public func submit(_ request: HTTPRequest, reply: @escaping @Sendable (HTTPResponse) -> Void) {
        guard request.method == "POST", request.path == "/api/posts", request.body.count <= IngestBatcher.maxBodyBytes,
              request.headers["x-pulse-signature"] == nil, ready.isReady else {
            Task { reply(await handle(request)) }
            return
        }
        ingest.metrics.requestsServed.add(1, ordering: .relaxed)
        let format = Self.postMediaTypes[request.mediaType ?? ""] ?? .json
        batcher.submit(body: request.body, format: format) { [self] outcome in
            reply(logged(request, postResponse(outcome)))
        }
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        ingest.metrics.requestsServed.add(1, ordering: .relaxed)
        return logged(request, await route(request))
    }

    /// Logs the answer to `request` (errors that reach a client as 5xx, else at debug level).
    private func logged(_ request: HTTPRequest, _ response: HTTPResponse) -> HTTPResponse {
        if response.status >= 500 && request.path != "/readyz" {
            logger.log(response.status == 503 ? .warn : .error, "\(request.method) \(request.path) answered \(response.status)",
                         ["request": request.id, "status": String(response.status), "body": String(decoding: response.body.prefix(300), as: UTF8.self)])
        } else if logger.isEnabled(.debug) {
            logger.debug("\(request.method) \(request.path) \(response.status)", ["request": request.id, "client": request.remoteAddress])
        }
        return response
    }

    private func route(_ request: HTTPRequest) async -> HTTPResponse {
        switch (request.method, request.path) {
        case ("POST", "/api/posts"): return await postPosts(request)
        case ("POST", "/api/analyze"): return await analyze.handle(request)
        case ("POST", "/api/eval/sentiment"): return await SentimentEvalRoute(analyzer: ingest.scorer.sentiment).handle(request)
        case (_, let path) where path.hasPrefix("/api/model"): return await model.handle(request)
        case ("GET", "/api/state"): return await state()
        case ("GET", "/healthz"): return .json(200, Array(#"{"status":"ok"}"#.utf8))
        case ("GET", "/readyz"):
            guard !ready.isReady else { return .json(200, Array(#"{"ready":true}"#.utf8)) }
            let refusal = ready.refusal
            return .error(503, refusal.code, refusal.message, headers: [("Retry-After", "1")])
        case ("GET", "/metrics"):
            let body = ingest.metrics.render(extraCounters: counters(), extraGauges: [("pulse_subscribers", "Subscribers receiving deltas.", Double(hub.subscriberCount))] + gauges(),
                                                 subscribersByThread: hub.subscribersByServiceThread)
            return HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: Array(body.utf8))
        case ("GET", "/api/openapi.json"): return HTTPResponse(status: 200, contentType: "application/json", body: openAPIDocument)
        case ("GET", "/ws"): return .error(426, "upgrade_required", "/ws is a WebSocket endpoint", headers: [("Upgrade", "websocket")])
        case ("GET", _): return staticFiles.response(path: request.path, ifNoneMatch: request.headers["if-none-match"])
        default: return .error(405, "method_not_allowed", "\(request.method) is not allowed on \(request.path)")
        }
    }

    private func postPosts(_ request: HTTPRequest) async -> HTTPResponse {
        if let refusal = access.verifyBody(request) {
            ingest.metrics.reject("unauthorized")
            return refusal
        }
        guard ready.isReady else {
            let refusal = ready.refusal
            ingest.metrics.reject(refusal.code)
            let message = refusal.code == "recovering" ? "the hub is recovering its state; retry shortly" : refusal.message
            return .error(503, refusal.code, message, headers: [("Retry-After", "1")])
        }
        let format = Self.postMediaTypes[request.mediaType ?? ""] ?? .json
        do {
            return postResponse(.success(try await ingest.ingest(body: request.body, format: format)))
        } catch {
            return postResponse(.failure(error))
        }
    }

    /// The answer to an ingest: 202 with the receipt, 400/413 for bad input, 503 when the posts
    /// could not be made durable.
    private func postResponse(_ outcome: Result<IngestReceipt, any Error>) -> HTTPResponse {
        do {
            let receipt = try outcome.get()
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("accepted", receipt.accepted)
            writer.field("duplicates", receipt.duplicates)
            writer.field("offset", receipt.offset)
            writer.endObject()
            return .json(202, writer.bytes)
        } catch let error as PostDecoder.Rejection {
            var details: [(String, JSONValue)] = []
            if let index = error.index { details.append(("index", .number(Double(index)))) }
            if let field = error.field { details.append(("field", .string(field))) }
            if let offset = error.offset { details.append(("offset", .number(Double(offset)))) }
            let status = error.code == "too_many_posts" ? 413 : 400
            return .error(status, error.code, error.message, details: details)
        } catch let error as LogUnavailable {
            return .error(503, "log_unavailable", "the cluster log could not take the posts (\(error)); nothing was acknowledged",
                          headers: [("Retry-After", "1")])
        } catch {
            return .error(503, "storage_unavailable", "the posts could not be made durable (\(error)); nothing was acknowledged",
                          headers: [("Retry-After", "5")])
        }
    }

    private func state() async -> HTTPResponse {
        let view = await hub.store.snapshot(now: ingest.clock())
        return .json(200, ViewEncoder.state(epoch: hub.epoch, view: view, subscribers: hub.subscriberCount))
    }
}

/// Whether the hub takes traffic: false while recovery runs (`recovering`) and, in cluster
/// mode, while the cluster log is out of reach (`log_unavailable`). Thread-safe.
public final class Readiness: Sendable {
    private let flag: Atomic<Bool>
    private let reason = Mutex((code: "recovering", message: "recovery is still running"))
    public init(ready: Bool) { flag = Atomic(ready) }
    public var isReady: Bool { flag.load(ordering: .acquiring) }
    /// Why the hub does not take traffic now (the error code and message of its 503s).
    public var refusal: (code: String, message: String) { reason.withLock { $0 } }
    public func markReady() { flag.store(true, ordering: .releasing) }
    public func markUnready(code: String, message: String) {
        reason.withLock { $0 = (code, message) }
        flag.store(false, ordering: .releasing)
    }
}
