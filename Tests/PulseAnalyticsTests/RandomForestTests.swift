import Foundation
import Testing
@testable import PulseAnalytics

/// Synthetic data: y = 3·x0 + x1² − 2·x2 + noise, with a few tied values.
func syntheticTable(rows: Int, seed: UInt64) -> (FeatureMatrix, [Double]) {
    var random = ForestRandom(seed: seed)
    var values: [Double] = [], targets: [Double] = []
    for _ in 0..<rows {
        let x = (0..<4).map { _ in Double(random.below(1000)) / 100 }
        values.append(contentsOf: x)
        targets.append(3 * x[0] + x[1] * x[1] - 2 * x[2] + Double(random.below(100)) / 100)
    }
    return (FeatureMatrix(columnCount: 4, values: values), targets)
}

@Suite struct RandomForestTests {
    @Test func explanationSumsToPrediction() async throws {
        let (features, targets) = syntheticTable(rows: 400, seed: 1)
        let forest = try await offPool { try RandomForest.fit(features, targets: targets, parameters: ForestParameters(nEstimators: 30), seed: 3) }
        for row in 0..<50 {
            let values = Array(features.row(row))
            let explanation = forest.explain(values)
            #expect(abs(explanation.prediction - forest.predict(values)) <= 1e-9 * max(1, abs(explanation.prediction)))
            let total = explanation.bias + explanation.contributions.reduce(0, +)
            #expect(abs(total - explanation.prediction) <= 1e-9 * max(1, abs(explanation.prediction)))
        }
        // The bias is the mean of the trees' root values (bootstrap means of the target).
        let mean = targets.reduce(0, +) / Double(targets.count)
        #expect(abs(forest.explain(Array(features.row(0))).bias - mean) < 1.0)
    }

    @Test func sameSeedSameForestAndTreesIndependentOfForestSize() async throws {
        let (features, targets) = syntheticTable(rows: 300, seed: 2)
        let a = try await offPool { try RandomForest.fit(features, targets: targets, parameters: ForestParameters(nEstimators: 8), seed: 9) }
        let b = try await offPool { try RandomForest.fit(features, targets: targets, parameters: ForestParameters(nEstimators: 8), seed: 9) }
        let c = try await offPool { try RandomForest.fit(features, targets: targets, parameters: ForestParameters(nEstimators: 3), seed: 9) }
        let d = try await offPool { try RandomForest.fit(features, targets: targets, parameters: ForestParameters(nEstimators: 8), seed: 10) }
        #expect(a == b)
        #expect(Array(a.trees.prefix(3)) == c.trees)
        #expect(a != d)
    }

    @Test func batchPredictionEqualsRowByRow() async throws {
        let (features, targets) = syntheticTable(rows: 1000, seed: 4)
        let forest = try await offPool { try RandomForest.fit(features, targets: targets, parameters: ForestParameters(nEstimators: 10), seed: 1) }
        let batch = try await offPool { forest.predict(features) }
        for row in stride(from: 0, to: 1000, by: 37) {
            #expect(abs(batch[row] - forest.predict(Array(features.row(row)))) <= 1e-12 * max(1, abs(batch[row])))
        }
    }

    @Test func treeRespectsDepthLeafSizeAndImportances() throws {
        let (features, targets) = syntheticTable(rows: 500, seed: 5)
        let shallow = try RegressionTree.fit(
            features, targets: targets, parameters: ForestParameters(maxDepth: 3, bootstrap: false))
        #expect(shallow.depth == 3)
        #expect(shallow.nodeCount <= 15)
        let leafy = try RegressionTree.fit(
            features, targets: targets, parameters: ForestParameters(minSamplesLeaf: 40, bootstrap: false))
        for index in leafy.nodes.indices where leafy.isLeaf(index) { #expect(leafy.weights[index] >= 40) }
        let importances = leafy.featureImportances()
        #expect(abs(importances.reduce(0, +) - 1) < 1e-12)
        #expect(importances[3] < 0.05)  // x3 is noise
        // A pure target makes a single leaf.
        let flat = try RegressionTree.fit(features, targets: Array(repeating: 2.5, count: 500))
        #expect(flat.nodeCount == 1 && flat.predict(Array(features.row(0))) == 2.5)
    }

    @Test func maxFeaturesResolvesAsScikitLearn() {
        #expect(MaxFeatures.all.resolved(featureCount: 6) == 6)
        #expect(MaxFeatures.sqrt.resolved(featureCount: 10) == 3)
        #expect(MaxFeatures.log2.resolved(featureCount: 10) == 3)
        #expect(MaxFeatures.fraction(0.5).resolved(featureCount: 5) == 2)
        #expect(MaxFeatures.fraction(0.1).resolved(featureCount: 5) == 1)
        #expect(MaxFeatures.count(9).resolved(featureCount: 5) == 5)
        #expect(MaxFeatures(parsing: "0") == nil && MaxFeatures(parsing: "1.5") == nil && MaxFeatures(parsing: "x") == nil)
    }

    @Test func badParametersAndDataAreRejected() throws {
        let (features, targets) = syntheticTable(rows: 10, seed: 6)
        #expect(throws: ForestError.self) { try RandomForest.fit(features, targets: targets, parameters: ForestParameters(nEstimators: 0)) }
        #expect(throws: ForestError.self) { try RandomForest.fit(features, targets: targets, parameters: ForestParameters(minSamplesSplit: 1)) }
        #expect(throws: ForestError.self) { try RandomForest.fit(features, targets: Array(targets.dropLast())) }
        var bad = targets
        bad[3] = .nan
        #expect(throws: ForestError.self) { try RandomForest.fit(features, targets: bad) }
    }
}

@Suite struct ModelSelectionTests {
    @Test func regressionMetricsMatchScikitLearnExamples() {
        let actual = [3, -0.5, 2, 7], predicted = [2.5, 0.0, 2, 8]
        #expect(RegressionMetrics.meanSquaredError(actual, predicted) == 0.375)
        #expect(RegressionMetrics.meanAbsoluteError(actual, predicted) == 0.5)
        #expect(abs(RegressionMetrics.r2(actual, predicted) - 0.9486081370449679) < 1e-15)
        #expect(RegressionMetrics.r2([1, 1], [1, 1]) == 1)
        #expect(RegressionMetrics.r2([1, 1], [1, 2]) == 0)
    }

    @Test func kFoldPartitionsEveryRowOnce() {
        let splits = KFold(folds: 3, seed: 1).splits(rowCount: 10)
        #expect(splits.map(\.test.count) == [4, 3, 3])
        #expect(splits.flatMap(\.test).sorted() == Array(0..<10))
        for split in splits { #expect(Set(split.train).isDisjoint(with: split.test) && split.train.count + split.test.count == 10) }
    }

    @Test func gridParsesAndRejectsBadSyntax() throws {
        let grid = try ParameterGrid(parsing: "n_estimators=50,100,200;max_depth=none,10,20;min_samples_split=2,5,10")
        #expect(grid.combinations.count == 27)
        #expect(grid.maxDepth == [nil, 10, 20])
        #expect(grid.combinations.last == ForestParameters(nEstimators: 200, maxDepth: 20, minSamplesSplit: 10))
        #expect(try ParameterGrid(parsing: "max_features=sqrt,0.5,3").maxFeatures == [.sqrt, .fraction(0.5), .count(3)])
        for bad in ["n_estimators", "n_estimators=", "n_estimators=0", "max_depth=deep", "trees=5", "n_estimators=5;n_estimators=6", "min_samples_split=1"] {
            #expect(throws: ForestError.self, "\(bad)") { try ParameterGrid(parsing: bad) }
        }
    }

    @Test func gridSearchPicksLowestMeanMSE() async throws {
        let (features, targets) = syntheticTable(rows: 300, seed: 7)
        let grid = try ParameterGrid(parsing: "n_estimators=10;max_depth=1,none")
        let result = try await offPool { try GridSearch.run(features, targets: targets, grid: grid, folds: KFold(folds: 3, seed: 1), seed: 1) }
        #expect(result.candidates.count == 2)
        #expect(result.best.params.maxDepth == nil)  // a stump cannot fit this target
        for candidate in result.candidates {
            #expect(candidate.foldMSE.count == 3)
            #expect(abs(candidate.meanMSE - candidate.foldMSE.reduce(0, +) / 3) < 1e-12)
        }
    }
}
