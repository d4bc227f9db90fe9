/// One long-running part of the service (the server, the publisher, the snapshots, the
/// watchers, the demo feed, training): a `run` that lasts until its `stop` signal is triggered,
/// then finishes its work and returns, or that throws when the part fails. A plain value.
public struct ServicePart: Sendable {
    public let name: String
    public let run: @Sendable (_ stop: Trigger) async throws -> Void

    public init(_ name: String, run: @escaping @Sendable (_ stop: Trigger) async throws -> Void) {
        self.name = name
        self.run = run
    }

    /// A part whose `body` runs until its task is cancelled: stopping it cancels `body`.
    public static func cancellable(_ name: String, _ body: @escaping @Sendable () async throws -> Void) -> ServicePart {
        ServicePart(name) { stop in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { try await body(); return true }
                group.addTask { await stop.wait(); return false }
                let bodyEndedFirst = try await group.next() ?? false
                group.cancelAll()
                if !bodyEndedFirst { _ = try await group.next() }
            }
        }
    }

    /// A part with a `body` that runs until `requestStop` is called (which must make it return).
    public static func stoppable(_ name: String, _ body: @escaping @Sendable () async throws -> Void,
                                 requestStop: @escaping @Sendable () -> Void) -> ServicePart {
        ServicePart(name) { stop in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    await stop.wait()
                    if stop.isTriggered { requestStop() }
                }
                try await group.next()
                group.cancelAll()  // whichever ended first, the other is no longer needed
                try await group.next()
            }
        }
    }
}
