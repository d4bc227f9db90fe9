import Foundation

/// Runs work on a new, named thread of its own and resumes the awaiting task with the result, so
/// blocking work (sockets, `read(2)`/`write(2)`, semaphore waits, `concurrentPerform`) never
/// occupies a thread of Swift's cooperative pool. The thread lives exactly as long as `work`.
/// Lives in the bottom module so every module, including the analytics, can use it.
public enum DedicatedThread {
    /// The stack size given to each thread unless the caller asks for another (4 MiB: deep
    /// recursion such as tree building fits, as on the main thread).
    public static let defaultStackSize = 4 << 20

    /// The longest thread name Linux keeps (`pthread_setname_np` refuses longer ones).
    public static let maxNameBytes = 15

    /// Runs `work` on a new thread called `name` (cut to `maxNameBytes`), returning its value or
    /// rethrowing its error. With a non-throwing `work` the call does not throw.
    public static func run<Value: Sendable, Failure: Error>(
        _ name: String, stackSize: Int = defaultStackSize, _ work: @escaping @Sendable () throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, Failure>, Never>) in
            let thread = Thread {
                nameCurrentThread(name)
                continuation.resume(returning: Result { () throws(Failure) -> Value in try work() })
            }
            thread.stackSize = stackSize
            thread.start()
        }
        return try result.get()
    }

    /// Names the calling thread as the kernel shows it (`top -H`, `gdb`, `/proc/<pid>/task/<tid>/comm`,
    /// `Thread.current.name`); `name` is cut to `maxNameBytes`. Call it first thing in the body of
    /// any `Thread { ... }` instead of setting `Thread.name` (any thread; it names only itself).
    /// Written to `/proc/thread-self/comm`: Foundation's `Thread.name` setter on Linux does not
    /// reliably reach the kernel, and Glibc's `pthread_setname_np` is not visible from Swift.
    /// A few attempts: opening the file can fail for a moment while the process is at its
    /// descriptor limit (then the thread would keep its creator's name).
    public static func nameCurrentThread(_ name: String) {
        let name = threadName(name)
        for attempt in 0..<5 {
            if attempt > 0 { usleep(2_000) }
            let descriptor = open("/proc/thread-self/comm", O_WRONLY)
            guard descriptor >= 0 else { continue }
            let written = name.withCString { write(descriptor, $0, strlen($0)) }
            close(descriptor)
            if written >= 0 { return }
        }
    }

    /// `name` cut to at most `maxNameBytes` UTF-8 bytes, on a character boundary.
    static func threadName(_ name: String) -> String {
        var cut = ""
        for character in name {
            guard cut.utf8.count + character.utf8.count <= maxNameBytes else { break }
            cut.append(character)
        }
        return cut
    }
}
