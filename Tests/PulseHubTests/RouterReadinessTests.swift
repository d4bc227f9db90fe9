import Foundation
import PulseAnalytics
import PulseStore
import Testing
@testable import PulseHub

/// While recovery runs, `/readyz` and ingest answer 503 with `Retry-After`; afterwards 200/202.
@Suite struct RouterReadinessTests {
    static let configDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config")

    @Test func recoveringHubRefusesIngestAndSaysNotReady() async throws {
        let sentiment = try SentimentLexiconFiles.load(directory: Self.configDirectory)
        let store = AnalyticsStore()
        let metrics = PulseMetrics()
        let scorer = PostScorer(sentiment: sentiment)
        let ingest = IngestService(decoder: PostDecoder(), scorer: scorer, store: store, metrics: metrics, clock: { 1_000 })
        let hub = Hub(store: store, metrics: metrics, clock: { 1_000 })
        let readiness = Readiness(ready: false)
        let router = Router(ingest: ingest, hub: hub, staticFiles: StaticFiles(root: URL(fileURLWithPath: "/nonexistent")),
                            limits: Router.Limits(), ready: readiness,
                            model: ModelRoutes(models: scorer.models, jobs: TrainingJobs { _ in }, scorer: scorer))
        let post = HTTPRequest(method: "POST", path: "/api/posts", headers: ["content-type": "application/json"],
                               body: Array(#"{"text":"hello"}"#.utf8))
        let notReady = await router.handle(HTTPRequest(method: "GET", path: "/readyz"))
        #expect(notReady.status == 503)
        #expect(notReady.headers.contains { $0.name == "Retry-After" })
        let refused = await router.handle(post)
        #expect(refused.status == 503)
        #expect(await store.snapshot(now: 1_000).totalPosts == 0)
        readiness.markReady()
        #expect(await router.handle(HTTPRequest(method: "GET", path: "/readyz")).status == 200)
        #expect(await router.handle(post).status == 202)
        #expect(await store.snapshot(now: 1_000).totalPosts == 1)
    }
}
