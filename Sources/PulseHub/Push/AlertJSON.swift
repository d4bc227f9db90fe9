import PulseAnalytics

/// Writes an `Alert` in the wire shape of the `alerts` topic: kind, time, message, tag, the
/// numbers that triggered it, co-occurring tags and sample post ids. Stateless.
enum AlertJSON {
    static func write(_ alert: Alert, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", "\(alert.kind.rawValue)-\(alert.tag ?? "all")-\(Int(alert.time * 1000))")
        writer.field("kind", alert.kind.rawValue)
        writer.field("time", alert.time)
        writer.field("message", alert.message)
        writer.field("tag", alert.tag)
        writer.key("numbers")
        writer.beginObject()
        let numbers: [(String, Double?)] = [
            ("velocity", alert.velocity), ("velocity_threshold", alert.velocityThreshold), ("count", alert.count),
            ("current_rate", alert.currentRate), ("baseline_rate", alert.baselineRate), ("short_mean", alert.shortMean),
            ("baseline_mean", alert.baselineMean), ("baseline_sd", alert.baselineStandardDeviation),
            ("z_score", alert.zScore), ("z_threshold", alert.zThreshold),
        ]
        for (name, value) in numbers { if let value { writer.field(name, value) } }
        writer.endObject()
        writer.key("cooccurring")
        writer.beginArray()
        alert.coTags.forEach { writer.string($0) }
        writer.endArray()
        writer.key("samples")
        writer.beginArray()
        alert.samplePostIDs.forEach { writer.string($0) }
        writer.endArray()
        writer.endObject()
    }
}
