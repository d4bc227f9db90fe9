import PulseAnalytics

/// The text table `pulse demo --arcs` prints: one line per story arc of the demo feed, with
/// its start, peak and end in minutes:seconds of the feed's clock. Stateless.
enum DemoArcTable {
    static func render(_ schedule: DemoArcSchedule, minutes: Int) -> String {
        var lines = ["kind    cycle  start  peak   end    topic    tag                 at its peak"]
        for arc in schedule.arcs(startingBefore: Double(minutes) * 60) {
            let peak = arc.start + arc.peakFraction * arc.duration
            let effect = switch arc.kind {
            case .launch: "\(percent(arc.strength)) of posts carry the new tag"
            case .outage: "\(percent(arc.strength)) of posts are angry posts about the topic"
            case .viral: "shares with \(Int(arc.strength.rounded()))x the usual engagement"
            }
            lines.append([
                pad(arc.kind.rawValue, 8), pad(String(arc.cycle), 7), pad(clock(arc.start), 7), pad(clock(peak), 7),
                pad(clock(arc.end), 7), pad(DemoTopic.all[arc.topic].name, 9), pad("#" + arc.tag, 20), effect,
            ].joined())
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let remainder = whole % 60
        return "\(whole / 60):\(remainder < 10 ? "0" : "")\(remainder)"
    }

    private static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
