import Foundation
import PulseAnalytics
import PulseLWS

/// `pulse post`: sends posts from a JSONL or CSV file, standard input or the demo feed to a hub.
enum PostCommand: PulseCommand {
    static let name = "post"
    static let summary = "send posts (JSONL, CSV or demo feed) to a hub in batches"
    static let help = """
        usage: pulse post URL [FILE|-] [OPTIONS]
               pulse post URL --demo N [OPTIONS]

        Sends posts to the hub at URL (http://HOST:PORT; /api/posts is used when the URL has no
        path) as NDJSON batches over one keep-alive connection, reading FILE (or standard input,
        "-" or no FILE) in constant memory. JSON Lines: one post object per line, sent as is. CSV:
        a header row; columns text, id, hashtags (space-separated), author, platform, created_at,
        followers, likes, shares, comments; other numeric columns are kept.

        A post the hub refuses is counted with its line and reason, and the rest of its batch is
        sent again. 429 and 503 are retried after Retry-After; 5xx and connection failures with
        exponential backoff and jitter. A batch resent after a lost answer is counted by the hub as
        duplicates when its posts carry ids (posts without an id could be ingested twice).
        Progress goes to stderr; at the end one JSON line on stdout:
          {"sent":N,"accepted":A,"duplicates":D,"rejected":R,"reasons":{"invalid_post":R},
           "rejections":[{"line":L,"error":E,"field":F,"message":M},...],"requests":Q,
           "retries":T,"seconds":S,"posts_per_second":P}
        plus "error":TEXT when the run stopped early. "rejections" lists the first 100.

        exit codes: 0 every post accepted or duplicate, 1 some post refused, the hub unreachable
        after the retries, or a refusal of the whole request (401/403/404), 2 bad usage or an
        unreadable file.

        options:
          --batch N          posts per request (default 500)
          --rate N           at most N posts per second (default: as fast as the hub takes them)
          --token T          sent as "Authorization: Bearer T"
          --format F         jsonl or csv (default: csv for *.csv files, else by the first byte)
          --demo N           send N posts of the synthetic demo feed instead of a file
          --demo-seed S      demo feed seed (default 42)
          --retries N        attempts per request after failures, 429 or 503 (default 10)
          --help             this text
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(
            arguments, valueOptions: ["--batch", "--rate", "--token", "--format", "--demo", "--demo-seed", "--retries"])
        guard let urlText = options.positionals.first else { throw UsageError("missing the hub URL (http://HOST:PORT)") }
        guard options.positionals.count <= 2 else { throw UsageError("unexpected argument '\(options.positionals[2])'") }
        var url: ClientURL
        do { url = try ClientURL(urlText, schemes: ["http": 80]) } catch { throw UsageError("bad URL: \(error)") }
        if url.path.isEmpty || url.path == "/" { url.path = "/api/posts" }
        var settings = PostSettings(url: url)
        settings.batchSize = try options.int("--batch", in: 1...100_000) ?? settings.batchSize
        settings.rate = try options.double("--rate")
        if let rate = settings.rate, rate <= 0 { throw UsageError("--rate must be positive") }
        settings.token = options.value("--token")
        settings.retries = try options.int("--retries", in: 0...1_000) ?? settings.retries
        let source: PostSource
        do {
            source = try makeSource(options)
        } catch let error as UsageError {
            throw error
        } catch {
            printError("pulse post: \(error)")
            return ExitCode.usage
        }
        LineOutput.ignoreBrokenPipes()
        let uploader = PostUploader(settings: settings, source: source)
        let signals = SignalHandler(signals: [SIGINT, SIGTERM]) { _ in uploader.stop() }
        let code = await DedicatedThread.run("pulse-post") { uploader.run() }
        signals.cancel()
        return code
    }

    private static func makeSource(_ options: CommandLineOptions) throws -> PostSource {
        if let demo = try options.int("--demo", in: 1...Int.max) {
            guard options.positionals.count == 1 else { throw UsageError("--demo takes no FILE") }
            let seed = try options.int("--demo-seed", in: 0...Int.max) ?? 42
            return .demo(DemoFeed(seed: UInt64(seed), startTime: Date().timeIntervalSince1970), remaining: demo, index: 0)
        }
        let path = options.positionals.count == 2 ? options.positionals[1] : "-"
        let reader = try LineReader(path: path)
        var format = options.value("--format")?.lowercased()
        if format == nil && path.lowercased().hasSuffix(".csv") { format = "csv" }
        if format == nil { format = try reader.firstByteLooksLikeJSON() ? "jsonl" : "csv" }
        switch format {
        case "jsonl", "ndjson", "json": return .jsonLines(reader)
        case "csv": return .csv(try CSVPostReader(reader))
        default: throw UsageError("--format must be jsonl or csv, got '\(format ?? "")'")
        }
    }
}
