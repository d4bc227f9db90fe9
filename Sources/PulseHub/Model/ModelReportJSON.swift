import Foundation
import PulseAnalytics

/// The engagement model's report as the API and the `engagement` topic show it: the training
/// report's fields (snake_case) with `feature_importances` as a list, largest first. Stateless.
public enum ModelReportJSON {
    public static func encode(_ model: EngagementModel) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(model.report), case .object(var report)? = try? JSONParser.parse([UInt8](data)) else {
            return Array(#"{"error":"report unavailable"}"#.utf8)
        }
        let importances = model.report.featureImportances.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        report.members.removeAll { $0.key == "feature_importances" }
        report.members.append(("feature_importances", .array(importances.map {
            .object(JSONObject([("feature", .string($0.key)), ("importance", .number($0.value))]))
        })))
        report.members.append(("version", .number(Double(EngagementModel.version))))
        // `cv.folds` lists the best combination's fold errors (`cv.k` their number).
        if let best = model.report.grid.min(by: { $0.meanMSE < $1.meanMSE }), let cv = model.report.cv {
            report.members.removeAll { $0.key == "cv" }
            report.members.append(("cv", .object(JSONObject([
                ("k", .number(Double(cv.folds))), ("mean_mse", .number(cv.meanMSE)),
                ("folds", .array(best.foldMSE.map { .number($0) })),
            ]))))
        }
        var writer = JSONWriter()
        writer.value(.object(report))
        return writer.bytes
    }
}
