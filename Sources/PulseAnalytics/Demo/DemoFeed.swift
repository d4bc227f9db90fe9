/// A deterministic synthetic stream of realistic posts, used by `pulse serve --demo`, tests and
/// benchmarks. A value type owned by one caller; the same seed always yields the same posts.
///
/// Each post belongs to one latent topic (`DemoTopic.all`) and carries one to three of its
/// hashtags in the text, sentiment-bearing words with negations, intensifiers, "but" clauses,
/// emoji, ALL CAPS and `!!!`; its author has a follower count, and its likes, shares and comments
/// depend on the followers, the sentiment's strength, the hashtags, the topic and the hour, plus
/// log-normal noise.
///
/// On top of these stationary topics run story arcs (`DemoArcSchedule`): launches, outages and
/// viral posts that rise and fade over a few minutes of the stream's own time (post index over
/// `postsPerSecond`) and repeat with variation.
public struct DemoFeed: Sendable {
    /// A generated post with the ground truth behind it.
    public struct Item: Sendable {
        public var post: Post
        /// Index into `DemoTopic.all`.
        public var topic: Int
        /// The polarity the generator intended, in [-1, 1].
        public var intendedPolarity: Double
        /// The story arc that shaped the post, if any.
        public var arc: DemoArc?
    }

    public let seed: UInt64
    var random: SplitMix64
    private var index: UInt64 = 0
    private let startTime: Double
    private let postsPerSecond: Double
    private let authorFollowers: [Double]
    /// The story arcs, nil for the stationary background only.
    public let arcs: DemoArcSchedule?

    /// - Parameters:
    ///   - seed: selects the stream.
    ///   - startTime: `created_at` of the first post, seconds since 1970.
    ///   - postsPerSecond: spacing of `created_at` between consecutive posts.
    ///   - arcs: whether story arcs run on top of the background topics.
    public init(seed: UInt64, startTime: Double = 1_764_000_000, postsPerSecond: Double = 50, arcs: Bool = true) {
        self.seed = seed
        self.arcs = arcs ? DemoArcSchedule(seed: seed) : nil
        self.startTime = startTime
        self.postsPerSecond = max(postsPerSecond, 0.001)
        random = SplitMix64(seed: seed)
        var authorRandom = SplitMix64(seed: seed ^ 0xA5A5_A5A5)
        authorFollowers = (0..<500).map { _ in (exp(6.0 + 1.8 * authorRandom.nextGaussian())).rounded() }
    }

    /// The next post of the stream.
    public mutating func next() -> Item {
        let elapsed = Double(index) / postsPerSecond
        let story = arcs.map { StoryEffects(schedule: $0, at: elapsed, random: &random) } ?? StoryEffects()
        let topicIndex = story.topic ?? pick(DemoTopic.all.indices)
        let topic = DemoTopic.all[topicIndex]
        let polarity = story.polarity ?? nextPolarity()
        var text = sentence(topic: topic, polarity: polarity)
        if let leadIn = story.leadIn { text = leadIn + " " + text }
        var tagCount = 1 + pick(0..<3)
        var tags = Array(topic.hashtags.shuffled(using: &random).prefix(tagCount))
        if random.nextUnit() < 0.08 { tags.append(pick(DemoTopic.genericHashtags)); tagCount += 1 }
        if let tag = story.tag { tags.append(tag); tagCount += 1 }
        text += " " + tags.map { "#" + ($0.count > 3 && random.nextUnit() < 0.3 ? capitalized($0) : $0) }.joined(separator: " ")
        if random.nextUnit() < 0.35 { text += " " + pick(polarity >= 0 ? Self.happyEmoji : Self.sadEmoji) }

        let authorIndex = pick(authorFollowers.indices)
        let followers = authorFollowers[authorIndex]
        let createdAt = startTime + elapsed
        var engagement = engagementCounts(
            followers: followers, polarity: polarity, tagCount: tagCount, length: text.utf8.count,
            topic: topic, createdAt: createdAt)
        if story.engagementFactor != 1 {
            engagement = (likes: (engagement.likes * story.engagementFactor).rounded(),
                          shares: (engagement.shares * story.engagementFactor).rounded(),
                          comments: (engagement.comments * story.engagementFactor).rounded())
        }
        let post = Post(
            id: "demo-\(seed)-\(index)", text: text, author: "user\(authorIndex)",
            platform: pick(["twitter", "mastodon", "bluesky", "threads"]), createdAt: createdAt,
            metrics: ["followers": followers, "likes": engagement.likes,
                      "shares": engagement.shares, "comments": engagement.comments])
        index += 1
        return Item(post: post, topic: topicIndex, intendedPolarity: polarity, arc: story.arc)
    }

    // MARK: text

    mutating func nextPolarity() -> Double {
        let roll = random.nextUnit()
        if roll < 0.45 { return 0.3 + 0.7 * random.nextUnit() }
        if roll < 0.75 { return -(0.3 + 0.7 * random.nextUnit()) }
        return 0
    }

    private mutating func sentence(topic: DemoTopic, polarity: Double) -> String {
        let subject = pick(topic.subjects)
        let verb = pick(topic.verbs)
        if polarity == 0 {
            return pick(["\(capitalized(subject)) \(verb) today.", "Reading about how \(subject) \(verb).",
                         "Anyone else following \(subject)?", "Update: \(subject) \(verb) at 3pm."])
        }
        let positive = polarity > 0
        var adjective = pick(positive ? Self.positiveWords : Self.negativeWords)
        if abs(polarity) > 0.85 && random.nextUnit() < 0.5 { adjective = adjective.uppercased() }
        let intensity = abs(polarity) > 0.6 ? pick(Self.intensifiers) + " " : ""
        var text: String
        switch pick(0..<5) {
        case 0: text = "\(capitalized(subject)) \(verb) and it is \(intensity)\(adjective)"
        case 1: text = "I \(positive ? "love" : "hate") how \(subject) \(verb), \(intensity)\(adjective)"
        case 2:
            // A negated opposite word carries the intended polarity.
            let opposite = pick(positive ? Self.negativeWords : Self.positiveWords)
            text = "\(capitalized(subject)) \(pick(["is not", "isn't", "was never"])) \(opposite)"
        case 3:
            let other = pick(positive ? Self.negativeWords : Self.positiveWords)
            text = "The start was \(other) but \(subject) \(verb) and it was \(intensity)\(adjective)"
        default: text = "\(capitalized(subject)) \(verb)... \(pick(Self.dampeners)) \(adjective) tbh"
        }
        let ending = random.nextUnit()
        text += ending < 0.25 ? "!!!" : ending < 0.5 ? "!" : ending < 0.6 ? " :)" : "."
        return text
    }

    // MARK: engagement

    private mutating func engagementCounts(
        followers: Double, polarity: Double, tagCount: Int, length: Int, topic: DemoTopic, createdAt: Double
    ) -> (likes: Double, shares: Double, comments: Double) {
        let hour = (createdAt.truncatingRemainder(dividingBy: 86_400)) / 3_600
        let hourEffect = 1 + 0.4 * sin((hour - 9) / 24 * 2 * Double.pi)
        let lengthEffect = length > 140 ? 0.85 : 1.0
        let base = pow(followers, 0.55) * (1 + 0.8 * abs(polarity)) * (1 + 0.25 * Double(tagCount))
        let noise = exp(0.35 * random.nextGaussian())
        let likes = (base * topic.engagementFactor * hourEffect * lengthEffect * noise).rounded()
        let shares = (likes * (0.05 + 0.15 * random.nextUnit())).rounded()
        let comments = (likes * (0.02 + 0.08 * random.nextUnit()) * (polarity < 0 ? 1.5 : 1)).rounded()
        return (likes, shares, comments)
    }

    // MARK: helpers

    mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }

    private mutating func pick(_ range: Range<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    private func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    static let positiveWords = ["amazing", "great", "brilliant", "fantastic", "good", "excellent", "awesome",
                                "wonderful", "impressive", "fun", "beautiful", "perfect"]
    static let negativeWords = ["terrible", "awful", "bad", "horrible", "disappointing", "boring", "sad",
                                "ugly", "broken", "painful", "worst", "annoying"]
    static let intensifiers = ["very", "extremely", "so", "incredibly", "really", "absolutely"]
    static let dampeners = ["kind of", "somewhat", "slightly", "marginally"]
    static let happyEmoji = ["😍", "🔥", "🎉", "❤️", "😂", "👍", "👍🏽", "🙌"]
    static let sadEmoji = ["😡", "😢", "👎", "💔", "🙄", "😞"]
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
