#if canImport(Glibc)
import Glibc
#endif

/// A value owned by one libwebsockets service thread. It belongs to the thread that creates it
/// until `bind()` hands it to the service thread; in debug builds every access then checks that
/// it happens on the owning thread and traps otherwise (as swift-nio's `NIOLoopBound` checks its
/// event loop), so a confinement mistake fails in tests instead of racing in production. Release
/// builds skip the check. `@unchecked Sendable`: the check is what makes sharing the box safe.
final class ServiceThreadBound<Value>: @unchecked Sendable {
    private var storage: Value
    private var owner: pthread_t

    init(_ value: Value) {
        storage = value
        owner = pthread_self()
    }

    /// Makes the calling thread the owner (called once, first thing on the service thread).
    func bind() { owner = pthread_self() }

    /// True when the calling thread owns the value.
    var isOwnedByCurrentThread: Bool { pthread_equal(owner, pthread_self()) != 0 }

    var value: Value {
        _read {
            assertOwned()
            yield storage
        }
        _modify {
            assertOwned()
            yield &storage
        }
    }

    @inline(__always) private func assertOwned() {
        #if DEBUG
        precondition(isOwnedByCurrentThread, "service-thread state touched off its libwebsockets service thread")
        #endif
    }
}
