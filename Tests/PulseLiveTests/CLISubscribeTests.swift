import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

/// `pulse subscribe` as a real process against a live hub.
@Suite struct CLISubscribeTests {
    /// Checks the continuity rule of the stream: within an epoch, delta offsets follow the last
    /// snapshot or delta one by one; a new epoch comes only after a gap marker naming the last
    /// position printed, followed by subscribed and snapshot lines.
    static func checkContinuity(_ messages: [JSONValue]) {
        var last: (epoch: UInt64, offset: UInt64)?
        var gapAt: (epoch: UInt64, offset: UInt64)?
        for message in messages {
            switch op(message) {
            case "gap":
                #expect(last.map { position(message) == $0 } == true, "gap marker names the last printed position")
                gapAt = position(message)
            case "snapshot":
                if let last, position(message).epoch != last.epoch { #expect(gapAt != nil, "new epoch without a gap marker") }
                last = position(message)
                gapAt = nil
            case "delta":
                let here = position(message)
                #expect(last.map { $0.epoch == here.epoch && $0.offset + 1 == here.offset } == true,
                        "delta \(here) does not follow \(String(describing: last))")
                last = here
            default:
                break
            }
        }
    }

    @Test func printsTheDeltasOfPostedPostsAsJSONLines() async throws {
        try await LiveServer.with { server in
            let child = try CLIProcess(["subscribe", "ws://127.0.0.1:\(server.port)/ws", "--topics", "posts"])
            try child.waitFor("snapshot") { $0.contains { op($0) == "snapshot" } }
            let ids = (0..<5).map { "cli-sub-\($0)" }
            let body = ids.map { #"{"id":"\#($0)","text":"hello \#($0) #cli"}"# }.joined(separator: "\n")
            #expect(try server.http().post("/api/posts", body, contentType: "application/x-ndjson").status == 202)
            let messages = try child.waitFor("the posted ids") { messages in
                Set(messages.filter { op($0) == "delta" }.flatMap(postIDs)).isSuperset(of: ids)
            }
            #expect(op(messages[0]) == "subscribed")
            #expect(op(messages[1]) == "snapshot")
            #expect(messages.filter { op($0) == "delta" }.flatMap(postIDs) == ids, "each post once, in order")
            for message in messages where op(message) == "delta" {
                #expect(message["topics"]?.objectValue?.members.map(\.key).allSatisfy { $0 == "posts" } == true)
            }
            Self.checkContinuity(messages)
            child.signal(SIGINT)
            #expect(child.exitStatus() == 0)
            #expect(child.lines.allSatisfy { !$0.contains("\n") && $0.hasPrefix("{") })
        }
    }

    @Test func hashtagAndKeywordFiltersSelectPosts() async throws {
        try await LiveServer.with { server in
            let child = try CLIProcess(["subscribe", "ws://localhost:\(server.port)/ws", "--topics", "posts",
                                        "--hashtag", "ai", "--hashtag", "#space", "--keyword", "GPU", "--token", "t0k"])
            try child.waitFor("snapshot") { $0.contains { op($0) == "snapshot" } }
            let posts = [
                ("f-match", "new GPU for #ai"), ("f-tag-only", "nothing here #ai"),
                ("f-word-only", "a gpu without tags"), ("f-other-tag", "gpu #sports"),
                ("f-second-tag", "gpus in #space"), ("f-last", "last gpu #ai"),
            ]
            let body = posts.map { #"{"id":"\#($0.0)","text":"\#($0.1)"}"# }.joined(separator: "\n")
            #expect(try server.http().post("/api/posts", body, contentType: "application/x-ndjson").status == 202)
            let messages = try child.waitFor("the last matching post") { $0.flatMap(postIDs).contains("f-last") }
            #expect(messages.filter { op($0) == "delta" }.flatMap(postIDs) == ["f-match", "f-second-tag", "f-last"])
            child.signal(SIGTERM)
            #expect(child.exitStatus() == 0)

            let refused = try runPulse(["subscribe", "ws://127.0.0.1:\(server.port)/ws", "--topics", "posts,bogus", "--token", "t0k"])
            #expect(refused.status == 1)
            #expect(refused.errors.contains("connection closed with 4000 (unknown topic"))
            #expect(refused.errors.contains("not retrying"))

            let tooLarge = try runPulse(["subscribe", "ws://127.0.0.1:\(server.port)/ws", "--max-message-bytes", "1024"])
            #expect(tooLarge.status == 1)
            #expect(tooLarge.errors.contains("connection closed with 1009 (message over 1024 bytes) (see --max-message-bytes); not retrying"))
            #expect(tooLarge.output.split(separator: "\n").count == 1, "only the subscribed line fits")
        }
    }

    @Test func countExitsAfterNDeltasAndSinceRecoversExactlyTheFollowingOffsets() async throws {
        try await LiveServer.with({ try $0.set("demo.enabled", .bool(true), source: "test"); try $0.set("demo.rate", .number(200), source: "test") }) { server in
            let url = "ws://127.0.0.1:\(server.port)/ws"
            let first = try runPulse(["subscribe", url, "--topics", "posts,sentiment", "--count", "3"], timeout: 20)
            #expect(first.status == 0)
            let lines = first.output.split(separator: "\n").map { try! JSONParser.parse(Array($0.utf8)) }
            #expect(lines.filter { op($0) == "delta" }.count == 3)
            #expect(op(lines.last!) == "delta")
            Self.checkContinuity(lines)
            let (epoch, offset) = position(lines.last!)
            usleep(300_000)  // more deltas happen meanwhile; they must be recovered from history
            let second = try runPulse(["subscribe", url, "--topics", "posts,sentiment", "--count", "4", "--since", "\(epoch):\(offset)"], timeout: 20)
            #expect(second.status == 0)
            let resumed = second.output.split(separator: "\n").map { try! JSONParser.parse(Array($0.utf8)) }
            #expect(op(resumed[0]) == "subscribed")
            #expect(resumed[0]["recovered"] == .bool(true))
            #expect(resumed.dropFirst().map(position).map(\.offset) == [offset + 1, offset + 2, offset + 3, offset + 4])
            #expect(resumed.dropFirst().allSatisfy { op($0) == "delta" && position($0).epoch == epoch })

            let stale = try runPulse(["subscribe", url, "--count", "1", "--since", "\(epoch &+ 1):\(offset)"], timeout: 20)
            let staleLines = stale.output.split(separator: "\n").map { try! JSONParser.parse(Array($0.utf8)) }
            #expect(stale.status == 0)
            #expect(staleLines.map(op) == ["gap", "subscribed", "snapshot", "delta"])
            #expect(staleLines[0]["reason"]?.stringValue == "recovery impossible; fresh snapshot follows")
        }
    }

    @Test func closedStdoutEndsTheSubscriberCleanly() async throws {
        try await LiveServer.with({ try $0.set("demo.enabled", .bool(true), source: "test"); try $0.set("demo.rate", .number(200), source: "test") }) { server in
            let child = try CLIProcess(["subscribe", "ws://127.0.0.1:\(server.port)/ws"])
            try child.waitFor("a delta") { $0.contains { op($0) == "delta" } }
            child.closeOutput()
            let deadline = Date().addingTimeInterval(10)
            while child.process.isRunning && Date() < deadline { usleep(20_000) }
            #expect(!child.process.isRunning)
            #expect(child.process.terminationStatus == 0)
            #expect(child.process.terminationReason == .exit, "exited, not killed by SIGPIPE")
        }
    }

    @Test func resumesAcrossAServerKillWithAGapMarkerThenAFreshSnapshot() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("pulse-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let outcome = await DedicatedThread.run("pulse-test") { () -> Result<Void, Error> in
            Result {
                let arguments = ["--demo", "--demo-rate", "100", "--tick-ms", "50", "--data-dir", dataDirectory.path]
                let first = try ServeProcess(arguments: arguments)
                defer { if first.process.isRunning { _ = first.stop(signal: SIGKILL) } }
                let child = try CLIProcess(["subscribe", "ws://127.0.0.1:\(first.port)/ws", "--topics", "posts,trending"])
                try child.waitFor("five deltas") { $0.filter { op($0) == "delta" }.count >= 5 }
                _ = first.stop(signal: SIGKILL)
                usleep(300_000)
                let second = try ServeProcess(arguments: arguments + ["--port", String(first.port)])
                defer { if second.process.isRunning { _ = second.stop(signal: SIGKILL) } }
                let messages = try child.waitFor("five deltas after the restart") { messages in
                    guard let gap = messages.firstIndex(where: { op($0) == "gap" }) else { return false }
                    return messages[gap...].filter { op($0) == "delta" }.count >= 5
                }
                let gap = messages.firstIndex { op($0) == "gap" }!
                #expect(messages[gap]["reason"]?.stringValue == "recovery impossible; fresh snapshot follows")
                #expect(op(messages[gap + 1]) == "subscribed" && messages[gap + 1]["recovered"] == .bool(false))
                #expect(op(messages[gap + 2]) == "snapshot")
                #expect(position(messages[gap + 2]).epoch != position(messages[gap]).epoch)
                #expect(messages.filter { op($0) == "gap" }.count == 1)
                Self.checkContinuity(messages)
                #expect(child.errorText.contains("reconnecting"))
                child.signal(SIGINT)
                #expect(child.exitStatus() == 0)
            }
        }
        try outcome.get()
    }

    @Test func badUsageAndUnreachableServerGiveClearErrorsAndExitCodes() async throws {
        let outcome = await DedicatedThread.run("pulse-test") { () -> Result<Void, Error> in
            Result {
                let badURL = try runPulse(["subscribe", "http://127.0.0.1:1/ws"])
                #expect(badURL.status == 2)
                #expect(badURL.errors.contains("unsupported scheme 'http'"))
                let badSince = try runPulse(["subscribe", "ws://127.0.0.1:1/ws", "--since", "12"])
                #expect(badSince.status == 2)
                #expect(badSince.errors.contains("--since must be EPOCH:OFFSET"))
                let unknown = try runPulse(["subscribe", "ws://127.0.0.1:1/ws", "--bogus"])
                #expect(unknown.status == 2 && unknown.errors.contains("unknown option --bogus"))
                let port = unusedPort()
                let unreachable = try runPulse(["subscribe", "ws://127.0.0.1:\(port)/ws", "--retries", "1"], timeout: 30)
                #expect(unreachable.status == 1)
                #expect(unreachable.errors.contains("giving up after 2 failed attempts"))
                #expect(unreachable.errors.contains("cannot connect to ws://127.0.0.1:\(port)/ws"))
                #expect(unreachable.output.isEmpty)
                let unresolvable = try runPulse(["subscribe", "ws://no-such-host.invalid:80/ws"], timeout: 30)
                #expect(unresolvable.status == 1)
                #expect(unresolvable.errors.contains("cannot resolve host 'no-such-host.invalid'"))
                let help = try runPulse(["subscribe", "--help"])
                for flag in ["--topics", "--hashtag", "--keyword", "--since", "--token", "--count", "--retries", "--max-message-bytes"] {
                    #expect(help.output.contains(flag))
                }
            }
        }
        try outcome.get()
    }
}
