import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

/// A model trained and activated on one node goes live on every node at the same log position:
/// the model entry reaches the other node's scorer (`GET /api/model`), and both show the same
/// engagement topic.
@Suite(.serialized) struct ClusterModelTests {
    @Test func aModelTrainedOnOneNodeGoesLiveOnEveryNode() async throws {
        try await ClusterModeTests.onThread {
            try ClusterNodes.with(names: ["a", "b"]) { cluster in
                let trainer = try cluster["b"].http()
                var feed = DemoFeed(seed: 9)
                var csv = "text,followers,likes,shares\n"
                for _ in 0..<300 {
                    let post = feed.next().post
                    csv += "\"\(post.text.replacingOccurrences(of: "\"", with: "\"\""))\",\(Int(post.metrics["followers"]!)),"
                        + "\(Int(post.metrics["likes"]!)),\(Int(post.metrics["shares"]!))\n"
                }
                let started = try trainer.request("POST", "/api/model/train?target=shares&features=followers,text_length&grid=n_estimators%3D10&cv=2",
                                                  headers: [("Content-Type", "text/csv")], body: Array(csv.utf8))
                #expect(started.status == 202, "\(started.text)")
                let job = try #require(started.json?["job"]?.stringValue)
                let activated = try ClusterCheck.eventually(timeout: 60) {
                    let status = try trainer.get("/api/model/jobs/\(job)").json
                    return status?["activated"] == .bool(true) || status?["state"]?.stringValue == "failed"
                }
                let state = try trainer.get("/api/model/jobs/\(job)").json?["state"]?.stringValue
                #expect(activated && state == "done")
                // Both nodes swap when they apply the model entry, the trainer too.
                for name in ["a", "b"] {
                    let client = try cluster[name].http()
                    let live = try ClusterCheck.eventually(timeout: 20) { try client.get("/api/model").json?["target"]?.stringValue == "shares" }
                    #expect(live, "node \(name) did not swap to the trained model")
                }
                let poster = try cluster["a"].http()
                #expect(try poster.post("/api/posts", #"{"id":"after-model","text":"hello #model","followers":100,"shares":3}"#).status == 202)
                let states = try ClusterCheck.settledStates(cluster)
                let engagement = states["a"]?["topics"]?["engagement"]
                #expect(engagement?["model"]?["target"]?.stringValue == "shares", "\(String(describing: engagement))")
                #expect(ClusterCheck.withoutSubscribers(states["a"]!) == ClusterCheck.withoutSubscribers(states["b"]!),
                        "\(ClusterCheck.differences(ClusterCheck.withoutSubscribers(states["a"]!), ClusterCheck.withoutSubscribers(states["b"]!)))")
            }
        }
    }
}
