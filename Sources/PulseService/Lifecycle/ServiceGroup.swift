import PulseHub

/// Runs every part of the service concurrently in one task group and shuts them down in the
/// reverse of their order, each after the one before it has returned (as swift-service-lifecycle
/// does). `shutdown()` starts that; so does any part that fails or ends on its own, whose error
/// is logged and then rethrown by `run()` once everything has stopped. Owned by one `run()` call.
public struct ServiceGroup: Sendable {
    /// A part ended while nothing had asked it to.
    public struct PartEnded: Error, CustomStringConvertible {
        public let part: String
        public var description: String { "\(part) ended unexpectedly" }
    }

    public let parts: [ServicePart]
    public let logger: Logger
    private let requested: Trigger

    /// - Parameter shutdown: triggering it asks for the graceful shutdown (as `shutdown()` does).
    public init(parts: [ServicePart], logger: Logger, shutdown: Trigger = Trigger()) {
        self.parts = parts
        self.logger = logger
        requested = shutdown
    }

    /// Asks for a graceful shutdown. Any thread.
    public func shutdown() { requested.trigger() }

    /// Runs until every part has returned; throws the first failure, if any.
    public func run() async throws {
        let signals = parts.map { _ in Trigger() }
        let requested = self.requested
        var failure: (any Error)?
        await withTaskGroup(of: (index: Int, error: (any Error)?).self) { group in
            for (index, part) in parts.enumerated() {
                group.addTask {
                    do {
                        try await part.run(signals[index])
                        return (index, nil)
                    } catch {
                        return (index, error)
                    }
                }
            }
            group.addTask {
                await requested.wait()
                return (-1, nil)
            }
            var finished = Set<Int>()
            var stopping = false
            func record(_ index: Int, _ error: (any Error)?) {
                guard index >= 0 else { return }
                finished.insert(index)
                let name = parts[index].name
                if let error {
                    logger.error("\(name) failed: \(error)", ["part": name])
                    if failure == nil { failure = error }
                } else if !stopping || !signals[index].isTriggered {
                    logger.error("\(name) ended unexpectedly", ["part": name])
                    if failure == nil { failure = PartEnded(part: name) }
                } else {
                    logger.debug("\(name) stopped", ["part": name])
                }
            }
            // Until shutdown is asked for or a part ends by itself.
            if let (index, error) = await group.next() { record(index, error) }
            stopping = true
            requested.trigger()
            for index in parts.indices.reversed() where !finished.contains(index) {
                logger.debug("stopping \(parts[index].name)", ["part": parts[index].name])
                signals[index].trigger()
                while !finished.contains(index), let (ended, error) = await group.next() { record(ended, error) }
            }
            while let (ended, error) = await group.next() { record(ended, error) }
        }
        if let failure { throw failure }
    }
}
