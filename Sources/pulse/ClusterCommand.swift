import Foundation
import PulseAnalytics
import PulseHub

/// `pulse cluster`: offline k-means of the hashtags in a JSONL or CSV file; prints a JSON report.
enum ClusterCommand: PulseCommand {
    static let name = "cluster"
    static let summary = "cluster the hashtags of a JSONL or CSV file (TF-IDF + k-means)"
    static let help = """
        usage: pulse cluster --data FILE --k K [--field NAME | --column NAME] [--seed S] [--n-init N] [--top-terms T]

        Clusters posts by their hashtags: TF-IDF as scikit-learn's TfidfVectorizer() defaults,
        k-means with k-means++ seeding and N restarts (the lowest inertia wins). Prints JSON:
        silhouette, inertia, sizes, and clusters with id, size and top_terms.

          --data FILE       JSONL (one post object per line) or CSV (by the .csv extension)
          --k K             number of clusters (1...1000)
          --field NAME      JSONL field with an array of tags or a string of tags (default: hashtags;
                            when a post lacks it, hashtags are extracted from its text)
          --column NAME     CSV column of space-separated tags (default: Hashtags)
          --seed S          random seed (default: 0)
          --n-init N        k-means restarts (default: 10)
          --top-terms T     terms per cluster label (default: 5)

        Exit codes: 0 success, 2 bad usage or bad data.
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(
            arguments, valueOptions: ["--data", "--k", "--field", "--column", "--seed", "--n-init", "--top-terms"])
        guard options.positionals.isEmpty else { throw UsageError("unexpected argument '\(options.positionals[0])'") }
        guard let path = options.value("--data") else { throw UsageError("--data FILE is required") }
        guard let k = try options.int("--k", in: 1...1_000) else { throw UsageError("--k K is required") }
        let seed = try options.int("--seed", in: 0...Int.max) ?? 0
        let nInit = try options.int("--n-init", in: 1...1_000) ?? 10
        let topTerms = try options.int("--top-terms", in: 1...100) ?? 5
        let documents: [String]
        do {
            documents = try TagDocuments.load(
                path: path, field: options.value("--field") ?? "hashtags", column: options.value("--column") ?? "Hashtags")
        } catch let failure as TagDocuments.Failure {
            printError("pulse cluster: \(failure.description)")
            return ExitCode.usage
        }
        let report: OfflineClustering.Report
        do {
            report = try OfflineClustering.cluster(
                documents: documents, k: k, seed: UInt64(seed), nInit: nInit, topTerms: topTerms)
        } catch let failure as OfflineClustering.Failure {
            printError("pulse cluster: \(path): \(failure.description)")
            return ExitCode.usage
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
        return ExitCode.success
    }
}
