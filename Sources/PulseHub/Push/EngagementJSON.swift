import PulseStore

/// Writes the `engagement` topic: the loaded model's report, the distribution of predictions,
/// rolling errors against actual values and the most recent (predicted, actual) pairs. Stateless.
enum EngagementJSON {
    static func write(_ stats: EngagementStats, report: [UInt8]?, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("model")
        if let report { writer.raw(report) } else { writer.null() }
        writer.key("predictions")
        writer.beginObject()
        writer.field("count", stats.predictions)
        writer.key("histogram")
        writer.beginObject()
        writer.key("edges")
        writer.beginArray()
        EngagementStats.edges.forEach { writer.number($0) }
        writer.endArray()
        writer.key("counts")
        writer.beginArray()
        stats.histogram.forEach { writer.number($0) }
        writer.endArray()
        writer.endObject()
        writer.endObject()
        writer.key("rolling")
        writer.beginObject()
        writer.field("n", stats.pairs.count)
        writer.key("mae")
        ViewEncoder.optional(stats.meanAbsoluteError, &writer)
        writer.key("mse")
        ViewEncoder.optional(stats.meanSquaredError, &writer)
        writer.endObject()
        writer.key("recent")
        writer.beginArray()
        for pair in stats.pairs.suffix(100) {
            writer.beginObject()
            writer.field("id", pair.id)
            writer.field("predicted", pair.predicted)
            writer.field("actual", pair.actual)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}
