import Foundation
import Testing
@testable import PulseAnalytics

/// A text source for tests: compound = (length mod 10) / 10, cluster = hashtag count (none when 0).
struct FakeTextSource: TextFeatureSource {
    func sentimentCompound(_ text: String) -> Double { Double(text.count % 10) / 10 }
    func clusterID(_ text: String, hashtags: [String]) -> Int? { hashtags.isEmpty ? nil : hashtags.count }
}

/// Posts whose likes depend on followers, platform and hashtags.
func engagementRecords(_ count: Int, seed: UInt64) -> [DataRecord] {
    var random = ForestRandom(seed: seed)
    let platforms = ["twitter", "mastodon", "bluesky"]
    return (0..<count).map { index in
        let followers = Double(random.below(10_000))
        let platform = platforms[random.below(3)]
        let tags = random.below(4)
        let text = "post \(index) " + (0..<tags).map { "#tag\($0)" }.joined(separator: " ")
        let likes = followers / 100 + (platform == "twitter" ? 30 : 0) + Double(tags * 5) + Double(random.below(10))
        var fields: [String: FieldValue] = [
            "followers": .text(String(Int(followers))), "platform": .text(platform), "text": .text(text),
            "likes": .number(likes), "created_at": .text("2026-11-\(10 + index % 7)T\(10 + index % 12):05:00Z"),
        ]
        if index % 10 == 0 { fields["followers"] = .text("") }  // missing → median
        return DataRecord(fields, line: index + 2)
    }
}

@Suite struct EngagementModelTests {
    @Test func preprocessingImputesMediansAndOneHotEncodes() throws {
        let records = [
            DataRecord(["a": .text("1"), "c": .text("x")]), DataRecord(["a": .text(""), "c": .text("y")]),
            DataRecord(["a": .number(3), "c": .text("x")]), DataRecord(["a": .text("10"), "c": .text("NA")]),
        ]
        let preprocessor = try FeaturePreprocessor.fit(records: records, features: ["a", "c"], textSource: nil)
        #expect(preprocessor.features[0].median == 3)
        #expect(preprocessor.features[1].categories == ["x", "y"])
        #expect(preprocessor.encodedNames == ["a", "c=x", "c=y"])
        #expect(preprocessor.encode(records[1]) == [3, 0, 1])
        #expect(preprocessor.encode(DataRecord(["c": .text("unseen")])) == [3, 0, 0])
        #expect(preprocessor.encode(DataRecord(["a": .text("7.5"), "c": .text("x")])) == [7.5, 1, 0])
    }

    @Test func derivedFeaturesFromTextAndTime() throws {
        let record = DataRecord([
            "text": .text("Hello #Swift and #ai! ❤️"), "created_at": .text("2026-11-25T23:30:00+02:00"),
        ])
        let source = FakeTextSource()
        #expect(DerivedFeature.textLength.value(of: record, source: nil) == .number(24))
        #expect(DerivedFeature.hashtagCount.value(of: record, source: nil) == .number(2))
        #expect(DerivedFeature.hourOfDay.value(of: record, source: nil) == .number(21))
        #expect(DerivedFeature.dayOfWeek.value(of: record, source: nil) == .number(2))  // Wednesday
        #expect(DerivedFeature.sentimentCompound.value(of: record, source: source) == .number(0.3))
        #expect(DerivedFeature.cluster.value(of: record, source: source) == .text("2"))
        #expect(DerivedFeature.sentimentCompound.value(of: record, source: nil) == nil)
        let given = DataRecord(["text": .text("x #a"), "hashtags": .text("#one, two three")])
        #expect(DerivedFeature.hashtagCount.value(of: given, source: nil) == .number(3))
        #expect(DerivedFeature.seconds(.text("1970-01-02T00:00:01.5Z")) == 86_401.5)
        #expect(DerivedFeature.seconds(.text("2000-03-01T00:00:00Z")) == 951_868_800)
        #expect(DerivedFeature.seconds(.text("yesterday")) == nil)
        #expect(DerivedFeature.dayOfWeek.value(of: DataRecord(["created_at": .number(0)]), source: nil) == .number(3))
    }

    @Test func trainsExplainsAndRoundTripsThroughTheModelFile() async throws {
        let request = EngagementTrainer.Request(
            target: "likes", features: ["followers", "platform", "hashtag_count", "hour_of_day", "sentiment_compound", "cluster"],
            grid: try ParameterGrid(parsing: "n_estimators=20;max_depth=4,none"), folds: 3, seed: 5)
        let model = try await offPool { try EngagementTrainer.train(records: engagementRecords(300, seed: 1), request: request, textFeatures: FakeTextSource()) }
        let report = model.report
        #expect(report.nTrain == 240 && report.nTest == 60)
        #expect(report.grid.count == 2 && report.cv?.folds == 3)
        #expect(report.test.r2! > 0.8)
        #expect(abs(report.featureImportances.values.reduce(0, +) - 1) < 1e-9)
        #expect(report.featureImportances["followers"]! > report.featureImportances["hour_of_day"]!)
        #expect(model.requiredTextFeatures == [.sentimentCompound, .cluster])

        let post = Post(text: "new #a #b", platform: "twitter", createdAt: 1_764_000_000, metrics: ["followers": 5000])
        let explanation = model.explain(DataRecord(post: post), textFeatures: FakeTextSource())
        let total = explanation.bias + explanation.contributions.map(\.contribution).reduce(0, +)
        #expect(abs(total - explanation.prediction) < 1e-9 * abs(explanation.prediction))
        #expect(explanation.prediction == model.predict(post, textFeatures: FakeTextSource()))
        // Twitter adds 30 likes against a 10-like average over platforms; the largest effect here.
        #expect(explanation.contributions.first?.feature == "platform")
        #expect(explanation.contributions.first!.contribution > 10)

        let data = try model.jsonData()
        let loaded = try EngagementModel(jsonData: data)
        #expect(loaded == model)
        #expect(try loaded.jsonData() == data)
        let header = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(header["format"] as? String == "pulse-forest" && header["version"] as? Int == 1)
    }

    @Test func loadingRejectsBadModelFiles() async throws {
        let request = EngagementTrainer.Request(target: "likes", features: ["followers"], grid: try ParameterGrid(parsing: "n_estimators=2"), folds: 0)
        let model = try await offPool { try EngagementTrainer.train(records: engagementRecords(40, seed: 2), request: request) }
        var object = try JSONSerialization.jsonObject(with: model.jsonData()) as! [String: Any]
        func load(_ object: [String: Any]) throws { _ = try EngagementModel(jsonData: JSONSerialization.data(withJSONObject: object)) }

        let notJSON = #expect(throws: ModelFileError.self) { try EngagementModel(jsonData: Data("{oops".utf8)) }
        #expect(notJSON?.description.hasPrefix("model file is not valid JSON") == true)
        var changed = object
        changed["format"] = "other"
        #expect(throws: ModelFileError.wrongFormat("other")) { try load(changed) }
        changed = object
        changed["version"] = 2
        #expect(throws: ModelFileError.unsupportedVersion(2)) { try load(changed) }
        changed = object
        changed.removeValue(forKey: "forest")
        #expect(throws: ModelFileError.invalid("missing 'forest' at top level")) { try load(changed) }
        var forest = object["forest"] as! [String: Any]
        var trees = forest["trees"] as! [[String: Any]]
        trees[0]["left"] = (trees[0]["left"] as! [Int]).map { $0 == 0 ? 0 : 999_999 }
        forest["trees"] = trees
        object["forest"] = forest
        #expect(throws: ModelFileError.self) { try load(object) }
    }

    @Test func trainerRejectsBadData() async throws {
        let records = engagementRecords(50, seed: 3)
        let good = EngagementTrainer.Request(target: "likes", features: ["followers"], grid: try ParameterGrid(parsing: "n_estimators=3"))
        var request = good
        request.features = ["followers", "colour"]
        #expect(throws: TrainingError.unknownColumn("colour", available: ["created_at", "followers", "likes", "platform", "text"])) {
            try EngagementTrainer.train(records: records, request: request)
        }
        request = good
        request.target = "reach"
        #expect(throws: TrainingError.self) { try EngagementTrainer.train(records: records, request: request) }
        var bad = records
        bad[7]["likes"] = .text("lots")
        #expect(throws: TrainingError.nonNumericTarget(column: "likes", location: "line 9", value: "lots")) {
            try EngagementTrainer.train(records: bad, request: good)
        }
        bad = records
        bad[4]["likes"] = .text("")
        #expect(throws: TrainingError.missingTarget(column: "likes", location: "line 6")) {
            try EngagementTrainer.train(records: bad, request: good)
        }
        #expect(throws: TrainingError.tooFewRows("too few rows: 4 training rows (of 5), need at least 6 for 3-fold cross-validation")) {
            try EngagementTrainer.train(records: Array(records.prefix(5)), request: good)
        }
        request = good
        request.features = ["sentiment_compound"]
        #expect(throws: TrainingError.needsTextSource("sentiment_compound")) { try EngagementTrainer.train(records: records, request: request) }
        request = good
        request.features = ["text"]  // 50 distinct texts is fine; a free-text column of 1,040 training rows is not
        let textRequest = request
        let textModel = try await offPool { try EngagementTrainer.train(records: records, request: textRequest) }
        #expect(textModel.preprocessor.encodedCount == 40)
        let wordy = (0..<1300).map { DataRecord(["text": .text("t\($0)"), "likes": .number(1)]) }
        #expect(throws: TrainingError.self) { try EngagementTrainer.train(records: wordy, request: request) }
        request = good
        request.folds = 1
        #expect(throws: TrainingError.self) { try EngagementTrainer.train(records: records, request: request) }
        #expect(TrainingError.unknownColumn("x", available: ["a"]).description.contains("unknown column 'x'"))
    }
}
