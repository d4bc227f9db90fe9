/// The deterministic schedule of story arcs for one seed: each kind repeats every `period`
/// seconds with a random offset, length, topic, tag and strength per cycle (arcs of one kind
/// never overlap). Cycle `n` is computed on demand from the seed, so the schedule is endless
/// and costs nothing to hold. A value type, shared freely.
public struct DemoArcSchedule: Sendable {
    public let seed: UInt64

    /// When the first cycle of each kind may start, how often it repeats, and how long it lasts.
    struct Rhythm {
        var firstStart: Double
        var period: Double
        var jitter: Double
        var durations: ClosedRange<Double>
    }

    static func rhythm(of kind: DemoArc.Kind) -> Rhythm {
        switch kind {
        // The first launch is early, so a new dashboard sees a burst within its first minute or two.
        case .launch: Rhythm(firstStart: 35, period: 360, jitter: 15, durations: 150...240)
        case .outage: Rhythm(firstStart: 100, period: 420, jitter: 60, durations: 120...200)
        case .viral: Rhythm(firstStart: 20, period: 300, jitter: 60, durations: 90...180)
        }
    }

    static let launchTags = ["novaphone", "pixelfold", "quantumchip", "skyrover", "auroraos", "zenbuds",
                             "hyperloopx", "lumenlens"]
    static let outageTags = ["outage", "servicedown", "blackout", "systemfailure"]
    static let viralTags = ["viral", "mustwatch", "everyonesharing", "goingviral"]

    public init(seed: UInt64) { self.seed = seed }

    /// Cycle `cycle` of `kind`.
    public func arc(_ kind: DemoArc.Kind, cycle: Int) -> DemoArc {
        let salt: UInt64 = switch kind { case .launch: 0x1A0C; case .outage: 0x0D7A; case .viral: 0x71A1 }
        var random = SplitMix64(seed: seed ^ (salt << 32) ^ UInt64(cycle) &* 0x9E37_79B9_7F4A_7C15)
        let rhythm = Self.rhythm(of: kind)
        let start = rhythm.firstStart + Double(cycle) * rhythm.period + random.nextUnit() * rhythm.jitter
        let span = rhythm.durations
        let duration = span.lowerBound + random.nextUnit() * (span.upperBound - span.lowerBound)
        let topic = Int(random.next() % UInt64(DemoTopic.all.count))
        let tags = switch kind { case .launch: Self.launchTags; case .outage: Self.outageTags; case .viral: Self.viralTags }
        // Launch tags never repeat within a schedule's first 8 cycles: each launch is a new tag.
        let tag = kind == .launch ? tags[(cycle + Int(seed % 8)) % tags.count] : tags[Int(random.next() % UInt64(tags.count))]
        let strength: Double = switch kind {
        case .launch: 0.2 + 0.1 * random.nextUnit()
        case .outage: 0.25 + 0.15 * random.nextUnit()
        case .viral: 30 + 70 * random.nextUnit()
        }
        let peakFraction = kind == .launch ? 0.3 + 0.1 * random.nextUnit() : 0.35 + 0.2 * random.nextUnit()
        return DemoArc(kind: kind, cycle: cycle, start: start, duration: duration, peakFraction: peakFraction,
                       topic: topic, tag: tag, strength: strength)
    }

    /// The arc of `kind` in progress at `time` (seconds since the stream's start), if any.
    public func active(_ kind: DemoArc.Kind, at time: Double) -> DemoArc? {
        let rhythm = Self.rhythm(of: kind)
        guard time >= rhythm.firstStart else { return nil }
        let candidate = arc(kind, cycle: Int((time - rhythm.firstStart) / rhythm.period))
        return time >= candidate.start && time < candidate.end ? candidate : nil
    }

    /// Every arc that starts before `time`, by start time.
    public func arcs(startingBefore time: Double) -> [DemoArc] {
        DemoArc.Kind.allCases.flatMap { kind -> [DemoArc] in
            let rhythm = Self.rhythm(of: kind)
            guard time > rhythm.firstStart else { return [] }
            let cycles = Int(((time - rhythm.firstStart) / rhythm.period).rounded(.up))
            return (0..<cycles).map { arc(kind, cycle: $0) }.filter { $0.start < time }
        }.sorted { $0.start < $1.start }
    }
}
