import PulseAnalytics

/// Runs a test's blocking work (forest training, batch prediction on all cores) on a dedicated
/// thread, as production code must: a test body runs in a task on the cooperative pool, where
/// `CooperativePool.concurrentPerform` refuses to start in debug builds.
func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await DedicatedThread.run("pulse-test-work", work)
}
