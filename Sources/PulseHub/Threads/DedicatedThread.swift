import Foundation

/// The one way Pulse runs blocking or long work off Swift's cooperative thread pool: a new,
/// named thread per call, whose result resumes the awaiting task. Stateless.
public enum DedicatedThread {
    /// Runs `work` on a new thread named `name` and returns its result.
    public static func run<Value: Sendable>(_ name: String, stackSize: Int = 4 << 20,
                                            _ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.name = name
            thread.stackSize = stackSize
            thread.start()
        }
    }

    /// Runs throwing `work` on a new thread named `name`; returns its result or rethrows its error.
    public static func run<Value: Sendable>(_ name: String, stackSize: Int = 4 << 20,
                                            _ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await run(name, stackSize: stackSize) { Result { try work() } }.get()
    }
}
