import Dispatch
import Foundation

/// Checks that blocking or core-hogging work is not run on Swift's cooperative thread pool, and
/// the one place `concurrentPerform` starts from. Stateless; callable from any thread.
///
/// A thread belongs to the pool when a Swift task is running on it and it is not the main
/// thread: synchronous code called from an `async` function sees its task through
/// `withUnsafeCurrentTask`; a `DedicatedThread`, a `concurrentPerform` worker or a plain
/// `Thread` has none.
public enum CooperativePool {
    /// True when the caller runs inside a task on a cooperative-pool thread.
    public static var isCurrentThreadInPool: Bool {
        !Thread.isMainThread && withUnsafeCurrentTask { $0 != nil }
    }

    /// Stops a debug build when called on the cooperative pool (free in release builds).
    public static func assertNotInPool(_ what: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
        assert(!isCurrentThreadInPool,
               "\(what()) must not run on Swift's cooperative thread pool: call it through DedicatedThread.run",
               file: file, line: line)
    }

    /// `DispatchQueue.concurrentPerform` after `assertNotInPool`: every parallel loop of Pulse
    /// starts here, from a dedicated thread (or the main thread), never from a pool thread,
    /// whose blocking would starve every task.
    public static func concurrentPerform(
        _ what: @autoclosure () -> String, iterations: Int, file: StaticString = #fileID, line: UInt = #line,
        execute work: @Sendable (Int) -> Void
    ) {
        assertNotInPool(what(), file: file, line: line)
        DispatchQueue.concurrentPerform(iterations: iterations, execute: work)
    }
}
