import Foundation
import Testing
import PulseAnalytics

/// `DedicatedThread.run` and the cooperative-pool check that guards every `concurrentPerform`.
@Suite struct DedicatedThreadTests {
    struct Refused: Error, Equatable {}

    @Test func runsOnANamedThreadOutsideThePool() async {
        #expect(CooperativePool.isCurrentThreadInPool, "an async test body runs in a task on the pool")
        let (name, inPool, main) = await DedicatedThread.run("pulse-test") {
            (Thread.current.name, CooperativePool.isCurrentThreadInPool, Thread.isMainThread)
        }
        #expect(name == "pulse-test")
        for round in 0..<20 {
            let again = await DedicatedThread.run("pulse-test-\(round)") { Thread.current.name }
            #expect(again == "pulse-test-\(round)", "every thread gets its name, not its creator's")
        }
        let long = await DedicatedThread.run("pulse-test-thread-name") { Thread.current.name }
        #expect(long == "pulse-test-thre", "cut to Linux's 15 bytes rather than left unnamed")
        #expect(!inPool)
        #expect(!main)
    }

    @Test func returnsTheValueOrRethrowsTheError() async throws {
        let sum = await DedicatedThread.run("pulse-test-sum") { (1...100).reduce(0, +) }
        #expect(sum == 5050)
        await #expect(throws: Refused()) {
            try await DedicatedThread.run("pulse-test-throw") { () throws(Refused) -> Int in throw Refused() }
        }
    }

    @Test func givesTheThreadTheStackSizeAsked() async {
        let size = await DedicatedThread.run("pulse-test-stack", stackSize: 16 << 20) { Thread.current.stackSize }
        #expect(size >= 16 << 20)
    }

    @Test func concurrentPerformWorkersAreNotPoolThreadsAndEveryIterationRuns() async {
        let seen = await DedicatedThread.run("pulse-test-parallel") { () -> [Bool] in
            let flags = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 32)
            flags.initialize(repeating: true)
            nonisolated(unsafe) let slots = flags
            CooperativePool.concurrentPerform("test loop", iterations: 32) { index in
                slots[index] = CooperativePool.isCurrentThreadInPool
            }
            defer { flags.deallocate() }
            return Array(flags)
        }
        #expect(seen == [Bool](repeating: false, count: 32))
    }
}
