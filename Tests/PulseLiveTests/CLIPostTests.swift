import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

/// `pulse post` as a real process against a live hub (and a scripted fake one for retries).
@Suite struct CLIPostTests {
    static func temporaryFile(_ name: String, _ contents: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pulse-cli-\(UUID().uuidString)-\(name)")
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func summary(_ output: String) throws -> JSONValue {
        let last = output.split(separator: "\n").last.map(String.init) ?? ""
        return try JSONParser.parse(Array(last.utf8))
    }

    @Test func hundredThousandLinesAreIngestedExactlyOnceAndRepostedAsDuplicates() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pulse-cli-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        var text = ""
        text.reserveCapacity(8 << 20)
        for index in 0..<100_000 {
            text += #"{"id":"bulk-\#(index)","text":"bulk post \#(index) about #load and great throughput","likes":\#(index % 9)}"# + "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        try await LiveServer.with { server in
            let first = try runPulse(["post", "http://127.0.0.1:\(server.port)", url.path], timeout: 300)
            #expect(first.status == 0, "\(first.errors)")
            let summary = try Self.summary(first.output)
            #expect(summary["sent"] == .number(100_000))
            #expect(summary["accepted"] == .number(100_000))
            #expect(summary["duplicates"] == .number(0))
            #expect(summary["rejected"] == .number(0))
            #expect(summary["requests"] == .number(200))
            #expect(try totalPosts(server) == 100_000)

            let again = try runPulse(["post", "http://127.0.0.1:\(server.port)/api/posts", url.path, "--batch", "2000"], timeout: 300)
            #expect(again.status == 0)
            let repeated = try Self.summary(again.output)
            #expect(repeated["accepted"] == .number(0))
            #expect(repeated["duplicates"] == .number(100_000))
            #expect(repeated["requests"] == .number(50))
            #expect(try totalPosts(server) == 100_000)
        }
    }

    @Test func csvAndJSONLRejectionsAreReportedWithLinesAndReasons() async throws {
        let csv = try Self.temporaryFile("posts.csv", """
            id,text,hashtags,author,likes,score
            c1,"hello, ""quoted""
            second line",ai ml,bob,3,0.5
            c2,bad likes,,amy,many,1
            c3,third #Foo,,,,7

            """)
        let jsonl = try Self.temporaryFile("posts.jsonl", """
            {"id":"j1","text":"fine"}
            {"id":"j2","text":""}

            not json
            {"id":"j3","text":"also fine"}

            """)
        defer { try? FileManager.default.removeItem(at: csv); try? FileManager.default.removeItem(at: jsonl) }
        try await LiveServer.with { server in
            let fromCSV = try runPulse(["post", "http://127.0.0.1:\(server.port)", csv.path])
            #expect(fromCSV.status == 1)
            let csvSummary = try Self.summary(fromCSV.output)
            #expect(csvSummary["sent"] == .number(3))
            #expect(csvSummary["accepted"] == .number(2))
            #expect(csvSummary["rejected"] == .number(1))
            #expect(csvSummary["rejections"]?.arrayValue?.first?["line"] == .number(4))
            #expect(csvSummary["rejections"]?.arrayValue?.first?["field"] == .string("likes"))
            var stored: JSONValue?
            for _ in 0..<100 where stored == nil {  // recent posts show after the next push tick
                let state = try server.http().get("/api/state").json
                stored = state?["topics"]?["posts"]?.arrayValue?.first { $0["id"] == .string("c1") }
                if stored == nil { usleep(20_000) }
            }
            #expect(stored?["text"] == .string("hello, \"quoted\"\nsecond line"))
            #expect(stored?["hashtags"] == .array([.string("ai"), .string("ml")]))
            #expect(stored?["metrics"]?["score"] == .number(0.5))

            let fromJSONL = try runPulse(["post", "http://127.0.0.1:\(server.port)", jsonl.path, "--batch", "10"])
            #expect(fromJSONL.status == 1)
            let summary = try Self.summary(fromJSONL.output)
            #expect(summary["sent"] == .number(4))
            #expect(summary["accepted"] == .number(2))
            #expect(summary["rejected"] == .number(2))
            #expect(summary["reasons"]?["invalid_post"] == .number(1))
            #expect(summary["reasons"]?["malformed_json"] == .number(1))
            #expect(summary["rejections"]?.arrayValue?.compactMap { $0["line"]?.numberValue } == [2, 4])
            #expect(try totalPosts(server) == 4)
        }
    }

    @Test func demoFeedPostsAreAllAccepted() async throws {
        try await LiveServer.with { server in
            let run = try runPulse(["post", "http://localhost:\(server.port)", "--demo", "1500", "--batch", "400"])
            #expect(run.status == 0, "\(run.errors)")
            let summary = try Self.summary(run.output)
            #expect(summary["accepted"] == .number(1500))
            #expect(summary["requests"] == .number(4))
            #expect(try totalPosts(server) == 1500)
        }
    }

    @Test func retriesHonourRetryAfterAndResendTheSameBatch() async throws {
        let outcome = await DedicatedThread.run("pulse-test") { () -> Result<Void, Error> in
            Result {
                let fake = try ScriptedHTTPServer(responses: [
                    "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 22\r\n\r\n{\"error\":\"recovering\"}",
                    "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 2\r\n\r\n{}",
                    "HTTP/1.1 202 Accepted\r\nContent-Length: 40\r\n\r\n{\"accepted\":2,\"duplicates\":1,\"offset\":3}",
                ])
                let started = Date()
                let run = try runPulse(["post", "http://127.0.0.1:\(fake.port)", "--demo", "3", "--token", "s3cret"], timeout: 30)
                let elapsed = Date().timeIntervalSince(started)
                #expect(run.status == 0, "\(run.errors)")
                #expect(elapsed >= 2, "waited Retry-After twice")
                let summary = try Self.summary(run.output)
                #expect(summary["accepted"] == .number(2) && summary["duplicates"] == .number(1))
                #expect(summary["retries"] == .number(2))
                let requests = fake.requests()
                #expect(requests.count == 3)
                #expect(Set(requests.map(\.body)).count == 1, "the same batch each time")
                #expect(requests.allSatisfy { $0.head.contains("Authorization: Bearer s3cret") })
                #expect(requests.allSatisfy { $0.head.hasPrefix("POST /api/posts HTTP/1.1") })
                #expect(requests[0].body.split(separator: "\n").count == 3)
            }
        }
        try outcome.get()
    }

    @Test func badUsageUnreachableServerAndUnreadableFilesGiveClearErrors() async throws {
        let noText = try Self.temporaryFile("notext.csv", "id,body\n1,hello\n")
        let unclosed = try Self.temporaryFile("unclosed.csv", "text,likes\nfine,1\n\"open,3\nmore\n")
        let strayQuote = try Self.temporaryFile("stray.csv", "text,likes\nfine,1\n5\" screen,2\n")
        defer { for file in [noText, unclosed, strayQuote] { try? FileManager.default.removeItem(at: file) } }
        let outcome = await DedicatedThread.run("pulse-test") { () -> Result<Void, Error> in
            Result {
                let badURL = try runPulse(["post", "ws://127.0.0.1:1", "--demo", "1"])
                #expect(badURL.status == 2 && badURL.errors.contains("unsupported scheme 'ws'"))
                let badPort = try runPulse(["post", "http://127.0.0.1:99999", "--demo", "1"])
                #expect(badPort.status == 2 && badPort.errors.contains("bad port '99999'"))
                let missing = try runPulse(["post", "http://127.0.0.1:1", "/no/such/file.jsonl"])
                #expect(missing.status == 2 && missing.errors.contains("cannot read /no/such/file.jsonl: No such file or directory"))
                let directory = try runPulse(["post", "http://127.0.0.1:1", "/tmp"])
                #expect(directory.status == 2 && directory.errors.contains("it is a directory"))
                let header = try runPulse(["post", "http://127.0.0.1:1", noText.path])
                #expect(header.status == 2 && header.errors.contains("no 'text' column"))
                // CSV goes through CSVParser (RFC 4180), which names the line of a malformed record.
                let open = try runPulse(["post", "http://127.0.0.1:1", unclosed.path])
                #expect(open.status == 1 && open.errors.contains("unclosed.csv: line 3: quoted field is never closed"), "\(open.errors)")
                let stray = try runPulse(["post", "http://127.0.0.1:1", strayQuote.path])
                #expect(stray.status == 1 && stray.errors.contains("stray.csv: line 3: quote inside an unquoted field"), "\(stray.errors)")
                let port = unusedPort()
                let unreachable = try runPulse(["post", "http://127.0.0.1:\(port)", "--demo", "5", "--retries", "2"], timeout: 30)
                #expect(unreachable.status == 1)
                #expect(unreachable.errors.contains("giving up after 3 attempts: cannot connect to 127.0.0.1:\(port): Connection refused"))
                let summary = try Self.summary(unreachable.output)
                #expect(summary["accepted"] == .number(0) && summary["error"] != nil)
                let help = try runPulse(["post", "--help"])
                for flag in ["--batch", "--rate", "--token", "--format", "--demo", "--demo-seed", "--retries"] {
                    #expect(help.output.contains(flag))
                }
            }
        }
        try outcome.get()
    }
}
