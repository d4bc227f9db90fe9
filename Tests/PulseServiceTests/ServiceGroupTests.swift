import PulseHub
import Synchronization
import Testing
@testable import PulseService

/// The lifecycle without sockets: parts stop in reverse order, each after the previous returned;
/// a failing part stops the others and its error is logged and rethrown.
@Suite struct ServiceGroupTests {
    /// Records what the parts did, in order.
    final class Journal: Sendable {
        let entries = Mutex<[String]>([])
        func note(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    /// A part that notes its start, waits for its stop signal, then notes its stop.
    static func part(_ name: String, _ journal: Journal, started: Trigger? = nil) -> ServicePart {
        ServicePart(name) { stop in
            journal.note("start \(name)")
            started?.trigger()
            await stop.wait()
            journal.note("stop \(name)")
        }
    }

    @Test func shutdownStopsPartsInReverseOrderEachAfterThePreviousReturned() async throws {
        let journal = Journal()
        let allStarted = (0..<3).map { _ in Trigger() }
        let group = ServiceGroup(parts: ["a", "b", "c"].enumerated().map { Self.part($1, journal, started: allStarted[$0]) },
                                 logger: .disabled)
        async let running: Void = group.run()
        for started in allStarted { await started.wait() }
        group.shutdown()
        try await running
        #expect(Array(journal.all.suffix(3)) == ["stop c", "stop b", "stop a"])
    }

    @Test func aFailingPartStopsTheOthersAndItsErrorIsLoggedAndRethrown() async {
        struct Broken: Error {}
        let journal = Journal()
        let log = MemoryLogHandler()
        let othersStarted = Trigger()
        let failing = ServicePart("watchers") { _ in
            await othersStarted.wait()
            throw Broken()
        }
        let group = ServiceGroup(parts: [Self.part("server", journal, started: othersStarted), failing, Self.part("demo", journal)],
                                 logger: Logger(label: "test", handler: log))
        await #expect(throws: Broken.self) { try await group.run() }
        #expect(journal.all.contains("stop server"))
        #expect(journal.all.contains("stop demo"))
        #expect(log.logged.contains { $0.level == .error && $0.message.contains("watchers failed") })
    }

    @Test func aPartThatEndsByItselfCountsAsAFailure() async {
        let group = ServiceGroup(parts: [ServicePart("publisher") { _ in }], logger: .disabled)
        await #expect(throws: ServiceGroup.PartEnded.self) { try await group.run() }
    }

    @Test func cancellablePartsEndWhenStopped() async throws {
        let journal = Journal()
        let started = Trigger()
        let part = ServicePart.cancellable("loop") {
            journal.note("loop")
            started.trigger()
            while !Task.isCancelled { await Task.yield() }
            journal.note("cancelled")
        }
        let group = ServiceGroup(parts: [part], logger: .disabled)
        async let running: Void = group.run()
        await started.wait()
        group.shutdown()
        try await running
        #expect(journal.all == ["loop", "cancelled"])
    }
}
