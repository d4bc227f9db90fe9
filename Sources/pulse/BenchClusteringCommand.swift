import Foundation
import PulseAnalytics
import PulseHub

/// `pulse bench-clustering`: a developer command for Benchmarks/clustering. Writes demo-feed
/// posts as JSONL, or times hashtag extraction + trending + streaming clustering over a JSONL
/// file already in memory and prints the figures as JSON.
enum BenchClusteringCommand: PulseCommand {
    static let name = "bench-clustering"
    static let summary = "developer benchmark of the hashtag pipeline (used by Benchmarks/clustering)"
    static let help = """
        usage: pulse bench-clustering --generate N --out FILE [--seed S]
               pulse bench-clustering --data FILE [--k K] [--sample N] [--labels-out FILE]

          --generate N      write N demo-feed posts (id, text, created_at, topic) as JSONL to --out
          --out FILE        where --generate writes
          --seed S          demo-feed seed (default: 1)
          --data FILE       JSONL posts (text, optional id, hashtags, created_at seconds) to time
          --k K             clusters (default: 6)
          --sample N        the last N posts get final cluster labels for quality checks (default: 2000)
          --labels-out FILE write those labels, one per line (-1: no cluster)
          --repeat R        run the timed pass R times from a fresh state; report the fastest (default: 1)

        Prints JSON: posts, seconds, posts_per_second, silhouette (Pulse's own reservoir).
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(
            arguments,
            valueOptions: ["--generate", "--out", "--seed", "--data", "--k", "--sample", "--labels-out", "--repeat"])
        if let count = try options.int("--generate", in: 1...100_000_000) {
            guard let out = options.value("--out") else { throw UsageError("--generate needs --out FILE") }
            try generate(count: count, seed: UInt64(try options.int("--seed", in: 0...Int.max) ?? 1), to: out)
            return ExitCode.success
        }
        guard let path = options.value("--data") else { throw UsageError("--data FILE or --generate N is required") }
        let posts = try load(path)
        var configuration = StreamingKMeans.Configuration()
        configuration.k = try options.int("--k", in: 1...1_000) ?? 6
        var trending = TrendingTags()
        var clusterer = StreamingKMeans(configuration: configuration)
        var seconds = Double.infinity
        for _ in 0..<(try options.int("--repeat", in: 1...100) ?? 1) {
            trending = TrendingTags()
            clusterer = StreamingKMeans(configuration: configuration)
            let start = DispatchTime.now().uptimeNanoseconds
            for post in posts {
                let now = post.createdAt ?? 0
                let tags = HashtagExtractor.hashtags(of: post)
                trending.add(tags: tags, compound: 0, postID: post.id, at: now)
                _ = clusterer.add(tags: tags, at: now)
            }
            seconds = min(seconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let now = posts.last?.createdAt ?? 0
        let sample = posts.suffix(try options.int("--sample", in: 0...Int.max) ?? 2_000)
        if let labelsPath = options.value("--labels-out") {
            let labels = sample.map { post in
                clusterer.assign(tags: HashtagExtractor.hashtags(of: post), at: now).map { String($0.cluster) } ?? "-1"
            }
            try (labels.joined(separator: "\n") + "\n").write(toFile: labelsPath, atomically: true, encoding: .utf8)
        }
        func milliseconds<T>(_ body: () -> T) -> (T, Double) {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = body()
            return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let (silhouette, silhouetteTime) = milliseconds { clusterer.silhouette(at: now) }
        let (top, topTime) = milliseconds { trending.top(20, at: now) }
        let (_, clustersTime) = milliseconds { clusterer.clusters(at: now) }
        let report: [String: Any] = [
            "posts": posts.count, "seconds": seconds, "posts_per_second": Double(posts.count) / seconds,
            "silhouette": silhouette ?? NSNull(), "silhouette_ms": silhouetteTime,
            "trending_top": top.prefix(5).map(\.tag), "trending_top20_ms": topTime, "clusters_ms": clustersTime,
        ]
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        return ExitCode.success
    }

    private static func generate(count: Int, seed: UInt64, to path: String) throws {
        var feed = DemoFeed(seed: seed)
        var lines: [String] = []
        lines.reserveCapacity(count)
        for _ in 0..<count {
            let item = feed.next()
            let object: [String: Any] = [
                "id": item.post.id ?? "", "text": item.post.text, "created_at": item.post.createdAt ?? 0,
                "topic": item.topic,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The posts of a JSONL file as `--generate` writes them (`created_at` in seconds), parsed by `JSONParser`.
    private static func load(_ path: String) throws -> [Post] {
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
        var posts: [Post] = []
        for (number, line) in [UInt8](data).split(separator: 0x0A).enumerated() {
            guard let object = try? JSONParser.parse(line), let text = object["text"]?.stringValue else {
                throw UsageError("\(path) line \(number + 1): expected a JSON object with a string 'text'")
            }
            posts.append(Post(id: object["id"]?.stringValue, text: text,
                              hashtags: object["hashtags"]?.arrayValue?.compactMap(\.stringValue),
                              createdAt: object["created_at"]?.numberValue))
        }
        return posts
    }
}
