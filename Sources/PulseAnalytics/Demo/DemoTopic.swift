/// One latent topic of the demo feed: its hashtags, its vocabulary and how engaging it is.
/// Immutable data, shared freely.
public struct DemoTopic: Sendable {
    public let name: String
    public let hashtags: [String]
    public let subjects: [String]
    public let verbs: [String]
    /// Multiplies the topic's engagement (some topics draw more likes than others).
    public let engagementFactor: Double

    /// The demo feed's six topics. Their hashtag sets do not overlap, so a clusterer can find them.
    public static let all: [DemoTopic] = [
        DemoTopic(
            name: "ai",
            hashtags: ["ai", "machinelearning", "llm", "deeplearning", "datascience", "neuralnets"],
            subjects: ["the new model", "this chatbot", "the benchmark", "our training run", "the open weights release",
                       "the GPU cluster", "this paper", "the inference server", "the agent demo"],
            verbs: ["ships", "runs", "scales", "crashes", "hallucinates", "beats the baseline", "learns", "improves"],
            engagementFactor: 1.3),
        DemoTopic(
            name: "sports",
            hashtags: ["football", "worldcup", "nba", "championsleague", "marathon", "olympics"],
            subjects: ["the match", "our striker", "the referee", "the final", "the coach", "the defence",
                       "last night's game", "the transfer", "the comeback"],
            verbs: ["wins", "loses", "scores", "collapses", "dominates", "stuns everyone", "fights back", "draws"],
            engagementFactor: 1.6),
        DemoTopic(
            name: "climate",
            hashtags: ["climate", "climatechange", "renewables", "solarpower", "sustainability", "netzero"],
            subjects: ["the heatwave", "the new wind farm", "the climate report", "the flood", "solar panels",
                       "the emissions target", "the summit", "the recycling plan", "this drought"],
            verbs: ["worries", "inspires", "fails", "delivers", "spreads", "cuts emissions", "grows", "stalls"],
            engagementFactor: 1.0),
        DemoTopic(
            name: "finance",
            hashtags: ["crypto", "bitcoin", "stocks", "investing", "markets", "fintech"],
            subjects: ["the market", "bitcoin", "my portfolio", "the rate decision", "the IPO", "the earnings call",
                       "this token", "the bank", "the rally"],
            verbs: ["soars", "crashes", "rebounds", "tanks", "beats estimates", "disappoints", "rallies", "dips"],
            engagementFactor: 1.2),
        DemoTopic(
            name: "music",
            hashtags: ["music", "newmusic", "concert", "hiphop", "kpop", "festival"],
            subjects: ["the new album", "the concert", "this track", "the festival lineup", "the music video",
                       "the tour", "her voice", "the encore", "this remix"],
            verbs: ["slaps", "drops", "sells out", "disappoints", "shines", "goes viral", "moves me", "rocks"],
            engagementFactor: 1.8),
        DemoTopic(
            name: "food",
            hashtags: ["food", "foodie", "cooking", "vegan", "recipe", "streetfood"],
            subjects: ["this ramen", "the new bakery", "my sourdough", "the tasting menu", "the food truck",
                       "grandma's recipe", "this vegan burger", "the brunch spot", "the curry"],
            verbs: ["tastes", "smells", "delivers", "burns", "satisfies", "surprises me", "melts", "comforts"],
            engagementFactor: 0.9),
    ]

    /// Tags any topic may add, rarely (real feeds have them).
    public static let genericHashtags = ["news", "trending", "mondaymotivation", "thoughts"]
}
