import Foundation
import PulseHub
import PulseTesting
import Testing

/// `POST /api/eval/sentiment` answers what `pulse eval-sentiment` prints for the same file,
/// and refuses bad requests naming the problem.
@Suite struct SentimentEvalRouteTests {
    static let tsv = """
        text\tlabel
        I love this, it is wonderful!\tpositive
        This is the worst day ever.\tnegative
        The train leaves at noon.\tneutral
        Not bad at all\t0.6
        I hate waiting in line\t-0.8
        Meh, whatever\t0.01
        Great food but terrible service\tPOSITIVE

        """

    @Test func answerEqualsTheCommandLineOutput() async throws {
        let path = NSTemporaryDirectory() + "pulse-eval-\(UUID().uuidString).tsv"
        try Self.tsv.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let cli = try runPulse(["eval-sentiment", "--data", path])
        #expect(cli.status == 0, "\(cli.errors)")
        let response = try await LiveServer.with { server in
            try server.http().post("/api/eval/sentiment", Self.tsv, contentType: "text/tab-separated-values; charset=utf-8")
        }
        #expect(response.status == 200)
        #expect(response.text == cli.output.trimmingCharacters(in: .newlines))
        let json = try #require(response.json)
        #expect(json["count"]?.numberValue == 7)
        #expect(json["weighted_f1"]?.numberValue != nil)
        #expect(json["confusion_matrix"]?["labels"] == .array([.string("negative"), .string("neutral"), .string("positive")]))
    }

    @Test func refusalsNameTheProblem() async throws {
        try await LiveServer.with { server in
            let client = try server.http()
            let wrongType = try client.post("/api/eval/sentiment", Self.tsv, contentType: "text/csv")
            #expect(wrongType.status == 415)
            #expect(wrongType.text.contains("text/tab-separated-values"))
            let badLabel = try client.post("/api/eval/sentiment", "fine text\tmaybe\nno tab here\n",
                                           contentType: "text/tab-separated-values")
            #expect(badLabel.status == 400)
            #expect(badLabel.json?["error"]?.stringValue == "bad_lines")
            #expect(badLabel.json?["bad_lines"]?.numberValue == 2)
            #expect(badLabel.json?["problems"]?.arrayValue?.first?.stringValue?.contains("line 1") == true)
            let empty = try client.post("/api/eval/sentiment", "\n\n", contentType: "text/tab-separated-values")
            #expect(empty.status == 400)
            #expect(empty.json?["error"]?.stringValue == "no_samples")
            let notUTF8 = try client.request("POST", "/api/eval/sentiment",
                                             headers: [("Content-Type", "text/tab-separated-values")],
                                             body: [0x66, 0xFF, 0x09, 0x31, 0x0A])
            #expect(notUTF8.status == 400)
            #expect(notUTF8.json?["error"]?.stringValue == "bad_encoding")
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        try await LiveServer.with({ try $0.set("limits.maxBodyBytes", .number(1_024), source: "test") }) { server in
            let big = String(repeating: "so good\tpositive\n", count: 200)
            let response = try server.http().post("/api/eval/sentiment", big, contentType: "text/tab-separated-values")
            #expect(response.status == 413)
            #expect(response.json?["limit"]?.numberValue == 1_024)
        }
    }
}
