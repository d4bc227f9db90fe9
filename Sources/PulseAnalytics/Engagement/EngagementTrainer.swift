/// Trains an `EngagementModel` from records: checks the data, splits off test rows, learns the
/// preprocessing on the training rows only, grid-searches with k-fold cross-validation, refits
/// the best parameters on all training rows and scores the test rows. Stateless; call it from a
/// background task (it blocks its thread while the forests use every core).
public enum EngagementTrainer {
    /// What to train.
    public struct Request: Sendable, Equatable {
        public var target: String
        public var features: [String]
        public var grid: ParameterGrid
        /// Cross-validation folds (at least 2), or 0 to skip cross-validation (one-combination grid only).
        public var folds: Int
        public var seed: UInt64
        /// The share of rows held out for testing when no separate test records are given.
        public var testFraction: Double

        public init(
            target: String, features: [String], grid: ParameterGrid = ParameterGrid(), folds: Int = 3,
            seed: UInt64 = 42, testFraction: Double = 0.2
        ) {
            self.target = target
            self.features = features
            self.grid = grid
            self.folds = folds
            self.seed = seed
            self.testFraction = testFraction
        }
    }

    /// A progress message: `stage` is "cross-validation" (done/total fits) or "final" (done/total trees).
    public struct Progress: Sendable, Equatable {
        public let stage: String
        public let done: Int
        public let total: Int
    }

    /// Trains and returns the model with its report. Throws `TrainingError` for bad data or a bad
    /// request, `ForestError` for bad parameters.
    public static func train(
        records: [DataRecord], testRecords: [DataRecord]? = nil, request: Request,
        textFeatures: (any TextFeatureSource)? = nil, progress: (@Sendable (Progress) -> Void)? = nil
    ) throws -> EngagementModel {
        let started = ContinuousClock.now
        try check(request)
        // Checked on the whole inputs first, so a message's record number means the input's.
        _ = try targets(of: records, column: request.target)
        if let testRecords { _ = try targets(of: testRecords, column: request.target) }
        let (train, test) = try split(records: records, testRecords: testRecords, request: request)
        let trainTargets = try targets(of: train, column: request.target)
        let testTargets = try targets(of: test, column: request.target)
        let preprocessor = try FeaturePreprocessor.fit(records: train, features: request.features, textSource: textFeatures)
        let trainMatrix = preprocessor.encode(train, textSource: textFeatures)

        var parameters = request.grid.combinations[0]
        var candidates: [GridSearch.Candidate] = []
        var crossValidation: TrainingReport.CrossValidation?
        if request.folds >= 2 {
            let result = try GridSearch.run(
                trainMatrix, targets: trainTargets, grid: request.grid, folds: KFold(folds: request.folds, seed: request.seed),
                seed: request.seed, progress: { progress?(Progress(stage: "cross-validation", done: $0, total: $1)) })
            parameters = result.best.params
            candidates = result.candidates
            crossValidation = TrainingReport.CrossValidation(folds: request.folds, meanMSE: result.best.meanMSE)
        }
        let fitStarted = ContinuousClock.now
        let forest = try RandomForest.fit(
            trainMatrix, targets: trainTargets, parameters: parameters, seed: request.seed,
            progress: { progress?(Progress(stage: "final", done: $0, total: $1)) })
        let fitSeconds = seconds(ContinuousClock.now - fitStarted)
        let predicted = forest.predict(preprocessor.encode(test, textSource: textFeatures))
        let r2 = RegressionMetrics.r2(testTargets, predicted)

        var importances: [String: Double] = [:]
        for (column, value) in forest.featureImportances().enumerated() {
            importances[preprocessor.features[preprocessor.encodedOwners[column]].name, default: 0] += value
        }
        let report = TrainingReport(
            target: request.target, features: request.features, encodedFeatures: preprocessor.encodedNames,
            test: .init(
                mse: RegressionMetrics.meanSquaredError(testTargets, predicted),
                mae: RegressionMetrics.meanAbsoluteError(testTargets, predicted), r2: r2.isNaN ? nil : r2),
            cv: crossValidation, bestParams: parameters, grid: candidates, featureImportances: importances,
            nTrain: train.count, nTest: test.count,
            trainSeconds: seconds(ContinuousClock.now - started), finalFitSeconds: fitSeconds, seed: request.seed)
        return try EngagementModel(target: request.target, preprocessor: preprocessor, forest: forest, report: report)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Checks the request itself (no data needed).
    public static func check(_ request: Request) throws {
        guard !request.target.isEmpty else { throw TrainingError.invalidRequest("no target column given") }
        guard !request.features.isEmpty else { throw TrainingError.invalidRequest("no feature columns given") }
        guard Set(request.features).count == request.features.count else {
            throw TrainingError.invalidRequest("a feature is listed twice")
        }
        guard !request.features.contains(request.target) else {
            throw TrainingError.invalidRequest("the target '\(request.target)' is also listed as a feature")
        }
        guard request.folds == 0 || request.folds >= 2 else {
            throw TrainingError.invalidRequest("cross-validation needs at least 2 folds (or 0 for none), got \(request.folds)")
        }
        guard request.folds >= 2 || request.grid.combinations.count == 1 else {
            throw TrainingError.invalidRequest("a grid of several combinations needs cross-validation (folds >= 2)")
        }
        guard request.testFraction > 0 && request.testFraction < 1 else {
            throw TrainingError.invalidRequest("the test fraction must be between 0 and 1, got \(request.testFraction)")
        }
        for parameters in request.grid.combinations { try parameters.validate() }
    }

    /// The numeric target of every record; throws naming the first record without one.
    public static func targets(of records: [DataRecord], column: String) throws -> [Double] {
        guard records.contains(where: { $0[column] != nil }) else {
            var columns = Set<String>()
            for record in records { columns.formUnion(record.fields.keys) }
            throw TrainingError.unknownColumn(column, available: columns.sorted())
        }
        return try records.enumerated().map { index, record in
            guard let value = record.present(column) else {
                throw TrainingError.missingTarget(column: column, location: record.location(index: index))
            }
            guard let number = value.number else {
                throw TrainingError.nonNumericTarget(
                    column: column, location: record.location(index: index), value: value.label)
            }
            return number
        }
    }

    /// The training and test records: the given test records, or a seeded shuffle with
    /// ceil(testFraction × n) rows held out. Throws `tooFewRows` when either part is too small.
    public static func split(
        records: [DataRecord], testRecords: [DataRecord]?, request: Request
    ) throws -> (train: [DataRecord], test: [DataRecord]) {
        let train: [DataRecord], test: [DataRecord]
        if let testRecords {
            (train, test) = (records, testRecords)
        } else {
            var order = Array(records.indices)
            var random = ForestRandom(seed: request.seed)
            order.shuffle(using: &random)
            let testCount = Int((request.testFraction * Double(records.count)).rounded(.up))
            test = order.prefix(testCount).sorted().map { records[$0] }
            train = order.dropFirst(testCount).sorted().map { records[$0] }
        }
        let needed = max(2, 2 * request.folds)
        guard train.count >= needed else {
            let why = request.folds >= 2 ? " for \(request.folds)-fold cross-validation" : ""
            throw TrainingError.tooFewRows(
                "too few rows: \(train.count) training rows (of \(records.count)), need at least \(needed)\(why)")
        }
        guard !test.isEmpty else { throw TrainingError.tooFewRows("too few rows: no test rows") }
        return (train, test)
    }
}
