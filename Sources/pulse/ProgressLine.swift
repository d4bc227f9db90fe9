import Foundation

/// The progress of `pulse post` on stderr: on a terminal one line rewritten in place a few times
/// a second; otherwise a plain line every five seconds. Owned by the upload thread.
final class ProgressLine {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastShown = Date.distantPast
    private var shownOnTerminal = false

    func update(_ tally: PostTally, since start: Date, final: Bool) {
        let now = Date()
        if final {
            if shownOnTerminal { FileHandle.standardError.write(Data((line(tally, start, now) + "\n").utf8)) }
            return
        }
        guard now.timeIntervalSince(lastShown) >= (isTerminal ? 0.25 : 5) else { return }
        if !isTerminal && lastShown == .distantPast {
            lastShown = now  // the first plain line after five seconds, not at once
            return
        }
        lastShown = now
        if isTerminal {
            shownOnTerminal = true
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line(tally, start, now)).utf8))
        } else {
            Log.info(line(tally, start, now))
        }
    }

    private func line(_ tally: PostTally, _ start: Date, _ now: Date) -> String {
        let seconds = max(now.timeIntervalSince(start), 0.001)
        return "sent \(tally.sent)  accepted \(tally.accepted)  duplicates \(tally.duplicates)  rejected \(tally.rejected)  "
            + "\(Int(Double(tally.sent) / seconds)) posts/s"
    }
}
