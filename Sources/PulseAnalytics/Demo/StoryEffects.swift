/// What the story arcs in progress do to one post of the demo feed: which topic it is about,
/// the polarity it carries, an arc tag, a lead-in sentence and an engagement multiplier. At most
/// one arc shapes a post (viral first, then launch, then outage), with a probability that
/// follows the arc's intensity. A plain value made and used inside `DemoFeed.next()`.
struct StoryEffects {
    var arc: DemoArc?
    var topic: Int?
    var polarity: Double?
    var tag: String?
    var leadIn: String?
    var engagementFactor = 1.0

    /// No arc: the background topics alone.
    init() {}

    init(schedule: DemoArcSchedule, at time: Double, random: inout SplitMix64) {
        if let viral = schedule.active(.viral, at: time), random.nextUnit() < 0.08 * viral.intensity(at: time) {
            let intensity = viral.intensity(at: time)
            arc = viral
            topic = viral.topic
            polarity = 0.5 + 0.5 * random.nextUnit()
            tag = viral.tag
            leadIn = "RT @user\(viral.cycle % 500) \(Self.pick(Self.viralLeadIns, &random)):"
            engagementFactor = 1 + (viral.strength - 1) * intensity
        } else if let launch = schedule.active(.launch, at: time),
                  random.nextUnit() < launch.strength * launch.intensity(at: time) {
            arc = launch
            topic = launch.topic
            polarity = random.nextUnit() < 0.8 ? 0.4 + 0.6 * random.nextUnit() : -(0.3 + 0.5 * random.nextUnit())
            tag = launch.tag
            leadIn = Self.launchLeadIn(Int(random.next() % 5), name: launch.tag)
        } else if let outage = schedule.active(.outage, at: time),
                  random.nextUnit() < outage.strength * outage.intensity(at: time) {
            arc = outage
            topic = outage.topic
            polarity = random.nextUnit() < 0.9 ? -(0.6 + 0.4 * random.nextUnit()) : 0
            tag = random.nextUnit() < 0.7 ? outage.tag : nil
            leadIn = Self.outageLeadIn(Int(random.next() % 4), topic: DemoTopic.all[outage.topic].name)
        }
    }

    private static func pick(_ values: [String], _ random: inout SplitMix64) -> String {
        values[Int(random.next() % UInt64(values.count))]
    }

    static func launchLeadIn(_ variant: Int, name: String) -> String {
        switch variant {
        case 0: "Just got my hands on the new \(name)."
        case 1: "The \(name) launch is finally here."
        case 2: "Unboxing the \(name) right now."
        case 3: "Everyone is talking about \(name) today."
        default: "Preorders for \(name) just opened."
        }
    }

    static func outageLeadIn(_ variant: Int, topic: String) -> String {
        switch variant {
        case 0: "Is \(topic) down for everyone?"
        case 1: "Another \(topic) outage, nothing works."
        case 2: "Still no \(topic) service after an hour."
        default: "The \(topic) service is completely broken right now."
        }
    }
    static let viralLeadIns = ["you have to see this", "this is blowing up", "cannot stop sharing this",
                               "the post everyone is talking about"]
}
