import Foundation
import Testing

/// Runs the built `pulse` binary (next to the test bundle) on small files.
@Suite struct TrainCommandTests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pulse")

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func file(_ name: String, _ contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pulse-train-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func table(rows: Int, badTargetAt: Int? = nil) -> String {
        var text = "followers,platform,likes\n"
        for index in 0..<rows {
            let likes = index == badTargetAt ? "many" : String(index * 3 % 17)
            text += "\(index * 10),\(index % 2 == 0 ? "a" : "b"),\(likes)\n"
        }
        return text
    }

    @Test func trainsAndPrintsTheReport() throws {
        let data = try file("good.csv", table(rows: 60))
        let model = data + ".model.json"
        let result = try run(["train", "--data", data, "--target", "likes", "--features", "followers,platform",
                              "--grid", "n_estimators=5,10;max_depth=none,3", "--cv", "3", "--seed", "1", "--out", model])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        for key in ["test", "cv", "best_params", "grid", "feature_importances", "n_train", "n_test", "train_seconds"] {
            #expect(report[key] != nil, "missing \(key)")
        }
        #expect((report["grid"] as! [Any]).count == 4)
        #expect(report["n_train"] as? Int == 48 && report["n_test"] as? Int == 12)
        #expect(result.stderr.contains("cross-validation: 12/12"))
        let predicted = try run(["predict", "--model", model, "--input", data])
        #expect(predicted.status == 0)
        #expect(predicted.stdout.split(separator: "\n").count == 60)
    }

    @Test func badInputExitsWithCodeTwoAndAClearMessage() throws {
        let good = try file("ok.csv", table(rows: 40))
        let cases: [([String], String)] = [
            (["--data", good, "--target", "likes", "--features", "followers,colour"], "unknown column 'colour'"),
            (["--data", good, "--target", "reach", "--features", "followers"], "unknown column 'reach'"),
            (["--data", try file("bad.csv", table(rows: 40, badTargetAt: 6)), "--target", "likes", "--features", "followers"],
             "line 8: target column 'likes' is not numeric: 'many'"),
            (["--data", try file("small.csv", table(rows: 4)), "--target", "likes", "--features", "followers"], "too few rows"),
            (["--data", good, "--target", "likes", "--features", "followers", "--grid", "depth=3"], "unknown grid parameter 'depth'"),
            (["--data", good, "--target", "likes", "--features", "followers", "--grid", "max_depth=0"], "max_depth"),
            (["--data", try file("broken.csv", "a,likes\n1,\"2\n"), "--target", "likes", "--features", "a"], "line 2: quoted field is never closed"),
            (["--data", good, "--target", "likes"], "--features"),
        ]
        for (arguments, message) in cases {
            let result = try run(["train"] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
