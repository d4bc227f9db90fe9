import Foundation

/// Waiting in blocking test code for a condition another process or thread brings about:
/// `condition` is polled until it holds or `timeout` seconds pass. For sync tests on a thread of
/// their own (never the cooperative pool).
public enum Polling {
    /// True as soon as `condition` holds; false when it still does not after `timeout` seconds.
    public static func until(timeout: Double = 10, every milliseconds: UInt32 = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(milliseconds * 1000)
        }
        return try condition()
    }
}
