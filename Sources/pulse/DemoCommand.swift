import Foundation
import PulseAnalytics
import PulseHub

/// `pulse demo`: prints posts of the synthetic demo feed as JSON lines (to make test files,
/// golden inputs or a feed for `pulse post -`).
enum DemoCommand: PulseCommand {
    static let name = "demo"
    static let summary = "print demo-feed posts as JSON lines"
    static let help = """
        usage: pulse demo [--count N] [--seed S] [--rate R]
               pulse demo --arcs [--seed S] [--minutes M]

        Prints N posts of the deterministic demo feed (the one `pulse serve --demo` uses) as JSON
        lines with id, text, author, platform, created_at, followers, likes, shares, comments.
        The feed's story arcs (launches, outages, viral posts) run on its own clock: post i is at
        i / R seconds.

        options:
          --count N     posts to print (default 1000)
          --seed S      feed seed (default 42)
          --rate R      posts per second of the feed's clock (default 20, as `pulse serve --demo`)
          --arcs        list the story arcs of the first M minutes instead of printing posts
          --minutes M   with --arcs: how far ahead to list (default 30)
          --help        this text
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["--count", "--seed", "--rate", "--minutes"],
                                             flagOptions: ["--arcs"])
        guard options.positionals.isEmpty else { throw UsageError("unexpected argument '\(options.positionals[0])'") }
        let count = try options.int("--count", in: 0...100_000_000) ?? 1000
        let seed = try options.int("--seed", in: 0...Int.max) ?? 42
        let rate = try options.int("--rate", in: 1...1_000_000) ?? 20
        if options.flag("--arcs") {
            let minutes = try options.int("--minutes", in: 1...10_080) ?? 30
            print(DemoArcTable.render(DemoArcSchedule(seed: UInt64(seed)), minutes: minutes), terminator: "")
            return ExitCode.success
        }
        var feed = DemoFeed(seed: UInt64(seed), postsPerSecond: Double(rate))
        var output = [UInt8]()
        for index in 0..<count {
            let post = feed.next().post
            output += PostJSON.encode(post)
            output.append(0x0A)
            if output.count > 1 << 16 || index == count - 1 {
                FileHandle.standardOutput.write(Data(output))
                output.removeAll(keepingCapacity: true)
            }
        }
        return ExitCode.success
    }
}
