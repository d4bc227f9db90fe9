import PulseAnalytics
import PulseStore

/// `POST /api/analyze`: scores one post without storing it — sentiment, hashtags, the nearest
/// live cluster, and the engagement prediction with the features that drove it. Immutable.
public struct AnalyzeRoute: Sendable {
    public let scorer: PostScorer
    public let store: AnalyticsStore
    public let decoder: PostDecoder
    public let clock: @Sendable () -> Double

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let value: JSONValue
        do { value = try JSONParser.parse(request.body) } catch {
            return .error(400, "malformed_json", error.description, details: [("offset", .number(Double(error.offset)))])
        }
        var post: Post
        do { post = try decoder.post(from: value, index: 0) } catch {
            return .error(400, error.code, error.message, details: error.field.map { [("field", .string($0))] } ?? [])
        }
        post.createdAt = post.createdAt ?? clock()  // analysed as if published now
        let sentiment = scorer.sentiment.scores(post.text)
        let (hashtags, cluster) = await store.analyze(post, now: clock())
        let explanation = scorer.models.model?.explain(DataRecord(post: post), textFeatures: scorer)
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("text", post.text)
        writer.key("sentiment")
        var sentimentJSON: [UInt8] = []
        AnalysisJSON.appendSentiment(sentiment, to: &sentimentJSON)
        writer.raw(sentimentJSON)
        writer.key("hashtags")
        writer.beginArray()
        hashtags.forEach { writer.string($0) }
        writer.endArray()
        writer.key("cluster")
        if let cluster {
            writer.beginObject()
            writer.field("id", cluster.id)
            writer.field("label", cluster.topTerms.prefix(3).joined(separator: " "))
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("engagement")
        if let explanation, let model = scorer.models.model {
            writer.beginObject()
            writer.field("target", model.target)
            writer.field("predicted", explanation.prediction)
            writer.field("bias", explanation.bias)
            writer.key("contributions")
            writer.beginArray()
            for item in explanation.contributions {
                writer.beginObject()
                writer.field("feature", item.feature)
                writer.key("value")
                switch item.value {
                case .number(let number)?: writer.number(number)
                case .text(let text)?: writer.string(text)
                case nil: writer.null()
                }
                writer.field("contribution", item.contribution)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        } else {
            writer.null()
        }
        writer.endObject()
        return .json(200, writer.bytes)
    }
}
