import PulseHub
@testable import PulseLWS
import Testing

/// A service thread asks lws for writable callbacks a batch at a time, so one pass of its loop
/// writes at most `WriteQueue.perPass` messages and an HTTP answer never waits behind a whole
/// delta's fan-out. Each subscriber is queued once, in arrival order; closed ones are skipped.
@Suite struct WriteQueueTests {
    /// A state with `count` connections whose (fake, never dereferenced) wsis are 16 × their id.
    private func state(connections count: Int) -> ServiceThreadState {
        var state = ServiceThreadState()
        for id in 1...UInt64(count) {
            _ = state.record(id, wsi: OpaquePointer(bitPattern: UInt(id) << 4)!,
                             messageBucket: TokenBucket(rate: 1, burst: 1, now: 0))
        }
        return state
    }

    private func ids(_ wsis: [OpaquePointer]) -> [UInt64] { wsis.map { UInt64(UInt(bitPattern: $0)) >> 4 } }

    @Test func aBatchHoldsAtMostOnePassWorthInArrivalOrder() {
        let total = WriteQueue.perPass * 2 + 7
        var state = state(connections: total)
        for id in (1...UInt64(total)).reversed() { state.queueWrite(id) }
        let first = ids(state.takeWriters())
        #expect(first == Array((UInt64(total - WriteQueue.perPass + 1)...UInt64(total)).reversed()))
        #expect(state.takeWriters().count == WriteQueue.perPass)
        #expect(ids(state.takeWriters()) == Array((1...7).reversed()))
        #expect(state.writeQueue.isEmpty)
        #expect(state.takeWriters().isEmpty)
    }

    @Test func aConnectionIsQueuedOnceUntilItsTurnComes() {
        var state = state(connections: 3)
        for _ in 0..<5 { state.queueWrite(2) }
        state.queueWrite(3)
        state.queueWrite(2)
        #expect(ids(state.takeWriters()) == [2, 3])
        state.queueWrite(2)  // taken, so it may queue again (more messages after its write)
        #expect(ids(state.takeWriters()) == [2])
    }

    @Test func closedAndUnknownConnectionsAreSkipped() {
        var state = state(connections: 4)
        state.queueWrite(99)
        for id in UInt64(1)...4 { state.queueWrite(id) }
        _ = state.remove(2)
        #expect(ids(state.takeWriters()) == [1, 3, 4])
    }
}
