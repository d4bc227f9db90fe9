@testable import PulseLWS
import Testing

/// The stop request in a service thread's inbox is reported by one drain, then no longer counts
/// as work (without a context attached, so no lws wake is involved).
@Suite struct ServiceInboxStopTests {
    @Test func aStopIsReportedOnceAndThenNoLongerCountsAsWork() {
        let inbox = ServiceInbox()
        #expect(!inbox.hasWork)
        inbox.requestStop()
        #expect(inbox.hasWork)
        #expect(inbox.drain().stop)
        #expect(!inbox.hasWork, "a stop that was taken is not work any more")
        #expect(!inbox.drain().stop)
        inbox.requestStop()  // shutdown() is idempotent: a second request is not a second stop
        #expect(!inbox.hasWork)
        #expect(!inbox.drain().stop)
        inbox.adopt(-1)  // other work still counts after the stop
        #expect(inbox.hasWork)
        #expect(inbox.drain().sockets == [-1])
    }
}
