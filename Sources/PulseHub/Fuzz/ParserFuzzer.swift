import PulseAnalytics

/// A seeded-generator fuzz harness for Pulse's untrusted-input parsers: posts as JSON and
/// NDJSON (`PostDecoder`), CSV (`CSVParser`, `CSVLine`, `DataFileReader`) and the WebSocket
/// subscribe message (`SubscriptionRequest`). Every input is a mutation of a valid seed or of an
/// earlier accepted input. A crash stops the process (that is the failure); an input that is
/// accepted but does not survive re-encoding and parsing again unchanged is recorded as an
/// inconsistency. Owned by one caller.
public struct ParserFuzzer {
    /// The parsers, in the order they take turns.
    public enum Target: String, CaseIterable, Sendable {
        case json, ndjson, csv, subscribe
    }

    /// What one run found.
    public struct Report: Sendable {
        public var runs = 0
        public var accepted: [Target: Int] = [:]
        public var rejected: [Target: Int] = [:]
        /// Inputs that were accepted but came back different after re-encoding (first few kept).
        public var inconsistencies: [(target: Target, input: [UInt8], why: String)] = []
        public var inconsistencyCount = 0
    }

    private var mutator: FuzzMutator
    private let decoder = PostDecoder()
    private var corpus: [Target: [[UInt8]]]
    private let targets: [Target]

    public init(seed: UInt64, targets: [Target] = Target.allCases) {
        mutator = FuzzMutator(seed: seed)
        self.targets = targets
        corpus = [.json: FuzzSeeds.json.map { Array($0.utf8) }, .ndjson: FuzzSeeds.ndjson.map { Array($0.utf8) },
                  .csv: FuzzSeeds.csv.map { Array($0.utf8) }, .subscribe: FuzzSeeds.subscribe.map { Array($0.utf8) }]
    }

    /// Runs `count` inputs, the targets taking turns.
    public mutating func run(_ count: Int) -> Report {
        var report = Report()
        for index in 0..<count {
            let target = targets[index % targets.count]
            let pool = corpus[target]!
            let input = mutator.mutate(pool[mutator.below(pool.count)], other: pool[mutator.below(pool.count)])
            let outcome = check(target, input)
            report.runs += 1
            switch outcome {
            case .rejected:
                report.rejected[target, default: 0] += 1
            case .accepted:
                report.accepted[target, default: 0] += 1
                // Keep some accepted inputs (bounded) so mutations can go deeper.
                if input.count <= 4096, mutator.below(8) == 0 {
                    if pool.count < 256 { corpus[target]!.append(input) } else { corpus[target]![mutator.below(pool.count)] = input }
                }
            case .inconsistent(let why):
                report.inconsistencyCount += 1
                if report.inconsistencies.count < 20 { report.inconsistencies.append((target, input, why)) }
            }
        }
        return report
    }

    enum Outcome { case accepted, rejected, inconsistent(String) }

    func check(_ target: Target, _ input: [UInt8]) -> Outcome {
        switch target {
        case .json, .ndjson: return checkPosts(input, format: target == .json ? .json : .ndjson)
        case .csv: return checkCSV(input)
        case .subscribe: return checkSubscribe(input)
        }
    }

    private func checkPosts(_ input: [UInt8], format: PostDecoder.Format) -> Outcome {
        guard let posts = try? decoder.decode(input, format: format) else { return .rejected }
        let encoded = format == .json ? FuzzEncoding.postsJSON(posts) : FuzzEncoding.postsNDJSON(posts)
        let again: [Post]
        do { again = try decoder.decode(encoded, format: format) } catch {
            return .inconsistent("re-encoded posts were rejected: \(error.message)")
        }
        guard again.count == posts.count else { return .inconsistent("\(posts.count) posts became \(again.count)") }
        for (first, second) in zip(posts, again) where !FuzzEncoding.samePost(first, second) {
            return .inconsistent("post changed: \(first) became \(second)")
        }
        return .accepted
    }

    private func checkCSV(_ input: [UInt8]) -> Outcome {
        // The file readers and the watched-line path must not crash either.
        _ = try? DataFileReader.csvRecords(input)
        _ = try? DataFileReader.jsonlRecords(input)
        if let header = try? CSVLine.fields(Array(input.prefix { $0 != 10 })) {
            _ = try? CSVLine.post(Array(input.drop { $0 != 10 }.dropFirst()), header: header,
                                  columns: ["text": "text", "id": "id", "hashtags": "hashtags"], decoder: decoder)
        }
        var parser = CSVParser()
        guard let rows = try? parser.parse(input, final: true).rows else { return .rejected }
        var reparser = CSVParser()
        guard let again = try? reparser.parse(FuzzEncoding.csv(rows.map(\.fields)), final: true).rows else {
            return .inconsistent("re-encoded CSV was rejected")
        }
        guard again.map(\.fields) == rows.map(\.fields) else { return .inconsistent("CSV fields changed") }
        return .accepted
    }

    private func checkSubscribe(_ input: [UInt8]) -> Outcome {
        guard let request = try? SubscriptionRequest.parse(input) else { return .rejected }
        let again: SubscriptionRequest
        do { again = try SubscriptionRequest.parse(FuzzEncoding.subscription(request)) } catch {
            return .inconsistent("re-encoded subscription was rejected: \(error.reason)")
        }
        return again == request ? .accepted : .inconsistent("subscription changed: \(request) became \(again)")
    }
}
