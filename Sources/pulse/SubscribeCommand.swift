import Foundation
import PulseAnalytics
import PulseLWS

/// `pulse subscribe`: prints a hub's WebSocket stream as JSON lines, reconnecting and recovering.
enum SubscribeCommand: PulseCommand {
    static let name = "subscribe"
    static let summary = "print a hub's live stream as JSON lines (reconnects, recovers)"
    static let help = """
        usage: pulse subscribe ws://HOST:PORT/ws [OPTIONS]

        Prints every message of the hub's WebSocket stream on stdout, one compact JSON object per
        line, flushed per line: {"op":"subscribed",...}, then {"op":"snapshot",...} (unless
        recovered), then {"op":"delta",...} as they come. After a dropped connection it reconnects
        with exponential backoff and jitter and asks the hub to resume after the last printed
        offset; deltas already printed are never printed twice. When that is impossible (e.g. a
        restarted hub has a new epoch) it prints
          {"op":"gap","epoch":E,"offset":O,"reason":"recovery impossible; fresh snapshot follows"}
        (E, O: the last position printed), then the new subscribed and snapshot lines.
        Logs go to stderr.

        exit codes: 0 done (--count reached, Ctrl-C, SIGTERM, or stdout closed), 1 the hub refused
        (HTTP 4xx, or close code 1002/1003/1007-1010/4000-4999 except 4008, e.g. 4000 bad
        subscription, 1009 a message over --max-message-bytes), the host does not resolve, or
        --retries consecutive attempts failed; 2 bad usage.

        options:
          --topics a,b          topics to receive (sentiment, trending, clusters, words, engagement,
                                correlation, posts, alerts); default: all
          --hashtag TAG         only posts with this hashtag (repeatable; any of them)
          --keyword W           only posts whose text contains W, ignoring case (repeatable; any)
          --since EPOCH:OFFSET  start by recovering the deltas after OFFSET of EPOCH
          --token T             sent as "token" in the subscribe message
          --count N             exit 0 after printing N delta lines
          --retries N           consecutive failed attempts before giving up (default 10; 0: none)
          --max-message-bytes N largest message accepted (default 67108864); a larger one ends with 1009
          --help                this text
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(
            arguments,
            valueOptions: ["--topics", "--hashtag", "--keyword", "--since", "--token", "--count", "--retries",
                           "--max-message-bytes"])
        let settings = try parse(options)
        LineOutput.ignoreBrokenPipes()
        LWSWebSocketClient.quietLibraryLogs()
        let session = SubscribeSession(settings: settings)
        let signals = SignalHandler(signals: [SIGINT, SIGTERM]) { _ in session.stop() }
        let code = await DedicatedThread.run("pulse-subscribe") { session.run() }
        signals.cancel()
        return code
    }

    static func parse(_ options: CommandLineOptions) throws -> SubscribeSettings {
        guard options.positionals.count == 1 else {
            throw UsageError(options.positionals.isEmpty ? "missing the ws://HOST:PORT/ws URL"
                                                         : "unexpected argument '\(options.positionals[1])'")
        }
        let url: ClientURL
        do { url = try ClientURL(options.positionals[0], schemes: ["ws": 80]) } catch { throw UsageError("bad URL: \(error)") }
        var settings = SubscribeSettings(url: url)
        if let topics = options.value("--topics") {
            let list = topics.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !list.isEmpty else { throw UsageError("--topics needs at least one topic") }
            settings.topics = list
        }
        settings.hashtags = options.allValues("--hashtag").map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
        settings.keywords = options.allValues("--keyword")
        if let since = options.value("--since") {
            let parts = since.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let epoch = UInt64(parts[0]), let offset = UInt64(parts[1]) else {
                throw UsageError("--since must be EPOCH:OFFSET (two non-negative integers), got '\(since)'")
            }
            settings.since = (epoch, offset)
        }
        settings.token = options.value("--token")
        settings.count = try options.int("--count", in: 1...Int.max)
        settings.retries = try options.int("--retries", in: 0...1_000_000) ?? settings.retries
        settings.maxMessageBytes = try options.int("--max-message-bytes", in: 1024...(1 << 30)) ?? settings.maxMessageBytes
        return settings
    }
}
