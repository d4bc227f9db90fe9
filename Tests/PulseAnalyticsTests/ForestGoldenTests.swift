import Foundation
import Testing
@testable import PulseAnalytics

/// Golden data made by Tests/Golden/forest/make_forest_golden.py (scikit-learn).
enum ForestGolden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden/forest")

    /// A numeric CSV with a header; the last column is the target.
    static func table(_ name: String) throws -> (features: FeatureMatrix, targets: [Double]) {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { line in line.split(separator: ",").map { Double($0)! } }
        return (FeatureMatrix(rows: rows.map { Array($0.dropLast()) }), rows.map { $0.last! })
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// scikit-learn's parameter dictionary as `ForestParameters`.
    static func parameters(_ dictionary: [String: Any], bootstrap: Bool) -> ForestParameters {
        var parameters = ForestParameters(bootstrap: bootstrap)
        if let value = dictionary["n_estimators"] as? Int { parameters.nEstimators = value }
        if let value = dictionary["max_depth"] as? Int { parameters.maxDepth = value }
        if let value = dictionary["min_samples_split"] as? Int { parameters.minSamplesSplit = value }
        if let value = dictionary["min_samples_leaf"] as? Int { parameters.minSamplesLeaf = value }
        if let value = dictionary["max_features"] as? String { parameters.maxFeatures = MaxFeatures(parsing: value)! }
        return parameters
    }
}

@Suite struct ForestGoldenTests {
    @Test func singleTreePredictsExactlyAsDecisionTreeRegressor() throws {
        let train = try ForestGolden.table("tree_train.csv"), test = try ForestGolden.table("tree_test.csv")
        let expected = try ForestGolden.json("tree_expected.json")
        let cases = expected["cases"] as! [[String: Any]]
        #expect(cases.count == 2)
        for golden in cases {
            let parameters = ForestGolden.parameters(golden["params"] as! [String: Any], bootstrap: false)
            for seed: UInt64 in [0, 7] {
                let tree = try RegressionTree.fit(train.features, targets: train.targets, parameters: parameters, seed: seed)
                #expect(tree.nodeCount == golden["node_count"] as! Int)
                for (matrix, key) in [(test.features, "test_predictions"), (train.features, "train_predictions")] {
                    let want = golden[key] as! [Double]
                    #expect(want.count == matrix.rowCount)
                    var worst = 0.0
                    for row in 0..<matrix.rowCount {
                        let got = tree.predict(Array(matrix.row(row)))
                        worst = max(worst, abs(got - want[row]) / max(abs(want[row]), 1e-300))
                    }
                    #expect(worst <= 1e-9, "\(key) of \(golden["params"]!): worst relative error \(worst)")
                }
                let importances = golden["feature_importances"] as! [Double]
                for (got, want) in zip(tree.featureImportances(), importances) {
                    #expect(abs(got - want) <= 1e-9)
                }
            }
        }
    }

    @Test func forestTestMSEWithinFivePercentOfRandomForestRegressor() async throws {
        let train = try ForestGolden.table("forest_train.csv"), test = try ForestGolden.table("forest_test.csv")
        let expected = try ForestGolden.json("forest_expected.json")
        for golden in expected["cases"] as! [[String: Any]] {
            let parameters = ForestGolden.parameters(golden["params"] as! [String: Any], bootstrap: true)
            var total = 0.0
            for seed: UInt64 in 0..<5 {
                let predicted = try await offPool {
                    try RandomForest.fit(train.features, targets: train.targets, parameters: parameters, seed: seed).predict(test.features)
                }
                total += RegressionMetrics.meanSquaredError(test.targets, predicted)
            }
            let mine = total / 5, theirs = golden["mean_test_mse"] as! Double
            #expect(abs(mine - theirs) / theirs <= 0.05, "\(golden["params"]!): Pulse \(mine) vs scikit-learn \(theirs)")
        }
    }
}
