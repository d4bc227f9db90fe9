import Foundation

/// Runs blocking work (sockets, `write(2)`, waits) on a new thread and resumes the caller with
/// its result, so the main task never blocks Swift's cooperative thread pool.
func onOwnThread<Value: Sendable>(_ name: String, _ work: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }
}
