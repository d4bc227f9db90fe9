import PulseHub

/// The running counts of a `pulse post` run and its summary line. A value owned by the upload thread.
struct PostTally {
    /// One refused post: where it came from and what the hub (or the reader) said.
    struct Rejection {
        var line: Int
        var error: String
        var field: String?
        var message: String
    }

    static let listedRejections = 100

    var sent = 0
    var accepted = 0
    var duplicates = 0
    var rejected = 0
    var requests = 0
    var retries = 0
    var reasons: [String: Int] = [:]
    var rejections: [Rejection] = []

    mutating func reject(_ rejection: Rejection) {
        rejected += 1
        reasons[rejection.error, default: 0] += 1
        if rejections.count < Self.listedRejections { rejections.append(rejection) }
    }

    /// `{"sent","accepted","duplicates","rejected","reasons","rejections","requests","retries",
    /// "seconds","posts_per_second"[,"error"]}` on one line.
    func summary(seconds: Double, error: String?) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("sent", sent)
        writer.field("accepted", accepted)
        writer.field("duplicates", duplicates)
        writer.field("rejected", rejected)
        writer.key("reasons")
        writer.beginObject()
        for (reason, count) in reasons.sorted(by: { $0.key < $1.key }) { writer.field(reason, count) }
        writer.endObject()
        writer.key("rejections")
        writer.beginArray()
        for rejection in rejections {
            writer.beginObject()
            writer.field("line", rejection.line)
            writer.field("error", rejection.error)
            if let field = rejection.field { writer.field("field", field) }
            writer.field("message", rejection.message)
            writer.endObject()
        }
        writer.endArray()
        writer.field("requests", requests)
        writer.field("retries", retries)
        writer.field("seconds", (seconds * 1000).rounded() / 1000)
        writer.field("posts_per_second", seconds > 0 ? (Double(sent) / seconds).rounded() : 0)
        if let error { writer.field("error", error) }
        writer.endObject()
        return writer.bytes
    }
}
