import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

/// The analytics as the API shows them: /api/analyze, the topics in /api/state, the model
/// report, and training a model in the background that then scores live posts.
@Suite struct AnalyticsRoutesTests {
    static let model: EngagementModel = {
        let data = FileManager.default.contents(atPath: LiveServer.configDirectory.appendingPathComponent("engagement-model.json").path)!
        return try! EngagementModel(jsonData: data)
    }()

    /// `count` demo posts as one JSON array body.
    static func demoBody(_ count: Int, seed: UInt64 = 11) -> String {
        var feed = DemoFeed(seed: seed, startTime: Date().timeIntervalSince1970 - 60, postsPerSecond: 50)
        return "[" + (0..<count).map { _ in
            let post = feed.next().post
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("id", post.id!)
            writer.field("text", post.text)
            writer.field("platform", post.platform!)
            for (name, value) in post.metrics.sorted(by: { $0.key < $1.key }) { writer.field(name, value) }
            writer.endObject()
            return String(decoding: writer.bytes, as: UTF8.self)
        }.joined(separator: ",") + "]"
    }

    @Test func analyzeScoresWithoutStoring() async throws {
        try await LiveServer.with({ _ in }, model: Self.model) { server in
            let client = try server.http()
            let text = "I absolutely LOVE the new #AI release, but the docs are bad :("
            let answer = try client.post("/api/analyze", #"{"text":"\#(text)","followers":1200}"#)
            #expect(answer.status == 200, "\(answer.text)")
            let json = try #require(answer.json)
            let expected = LiveServer.sentiment.scores(text)
            #expect(json["sentiment"]?["compound"]?.numberValue == expected.compound)
            #expect(json["sentiment"]?["neg"]?.numberValue == expected.neg)
            #expect(json["sentiment"]?["label"]?.stringValue == expected.label.rawValue)
            #expect(json["hashtags"] == .array([.string("ai")]))
            let engagement = try #require(json["engagement"])
            let sum = (engagement["contributions"]?.arrayValue ?? []).reduce(engagement["bias"]?.numberValue ?? 0) {
                $0 + ($1["contribution"]?.numberValue ?? 0)
            }
            #expect(abs(sum - (engagement["predicted"]?.numberValue ?? -1)) < 1e-6)
            #expect(try totalPosts(server) == 0)
            let bad = try client.post("/api/analyze", #"{"followers":3}"#)
            #expect(bad.status == 400)
            #expect(bad.json?["field"]?.stringValue == "text")
            #expect(try client.post("/api/analyze", "{}", contentType: "text/plain").status == 415)
        }
    }

    @Test func everyTopicIsFilledByIngestedPosts() async throws {
        try await LiveServer.with({ _ in }, model: Self.model) { server in
            let client = try server.http()
            for seed in 0..<3 { #expect(try client.post("/api/posts", Self.demoBody(500, seed: UInt64(seed))).status == 202) }
            Thread.sleep(forTimeInterval: 0.2)
            let topics = try #require(try client.get("/api/state").json?["topics"])
            #expect((topics["trending"]?["tags"]?.arrayValue?.first?["velocity"]?.numberValue ?? 0) > 0)
            #expect((topics["words"]?["terms"]?.arrayValue?.count ?? 0) > 10)
            #expect(topics["clusters"]?["k"]?.numberValue == 6)
            #expect(topics["clusters"]?["silhouette"]?.numberValue != nil)
            #expect(topics["engagement"]?["predictions"]?["count"]?.numberValue == 1500)
            #expect((topics["engagement"]?["rolling"]?["n"]?.numberValue ?? 0) > 0)
            #expect(topics["engagement"]?["model"]?["target"]?.stringValue == "likes")
            let matrix = topics["correlation"]?["matrix"]?.arrayValue
            #expect(matrix?.count == 7)
            #expect((matrix?[0].arrayValue?[1].numberValue ?? 0) > 0.3)  // followers vs likes
            #expect((topics["sentiment"]?["by_hashtag"]?.arrayValue?.count ?? 0) > 0)
        }
    }

    @Test func trainingInTheBackgroundSwapsTheLiveModel() async throws {
        try await LiveServer.with { server in
            let client = try server.http()
            #expect(try client.get("/api/model").status == 404)
            var feed = DemoFeed(seed: 9)
            var csv = "text,followers,likes,shares\n"
            for _ in 0..<400 {
                let post = feed.next().post
                csv += "\"\(post.text.replacingOccurrences(of: "\"", with: "\"\""))\",\(Int(post.metrics["followers"]!)),\(Int(post.metrics["likes"]!)),\(Int(post.metrics["shares"]!))\n"
            }
            let bad = try client.request("POST", "/api/model/train?target=nope&features=followers",
                                         headers: [("Content-Type", "text/csv")], body: Array(csv.utf8))
            #expect(bad.status == 400, "\(bad.text)")
            let started = try client.request("POST", "/api/model/train?target=shares&features=followers,text_length&grid=n_estimators%3D20&cv=2",
                                             headers: [("Content-Type", "text/csv")], body: Array(csv.utf8))
            #expect(started.status == 202, "\(started.text)")
            let job = try #require(started.json?["job"]?.stringValue)
            // Trained ("done"), then swapped in ("activated"): poll the job until both, or failed.
            var status: JSONValue?
            for _ in 0..<600 where status?["state"]?.stringValue != "failed" && status?["activated"] != .bool(true) {
                Thread.sleep(forTimeInterval: 0.05)
                status = try client.get("/api/model/jobs/\(job)").json
            }
            #expect(status?["state"]?.stringValue == "done")
            #expect(status?["activated"] == .bool(true))
            let report = try client.get("/api/model").json
            #expect(report?["target"]?.stringValue == "shares")
            #expect(report?["feature_importances"]?.arrayValue?.count == 2)
            let socket = try server.webSocket()
            try subscribe(socket, topics: ["posts"])
            #expect(try client.post("/api/posts", #"{"id":"after-model","text":"hello","followers":100}"#).status == 202)
            let delta = try receive(socket) { postIDs($0).contains("after-model") }
            #expect(delta["topics"]?["posts"]?.arrayValue?.first?["predicted_engagement"]?.numberValue != nil)
        }
    }
}
