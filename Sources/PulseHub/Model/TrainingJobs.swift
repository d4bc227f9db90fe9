import PulseAnalytics
import Synchronization

/// Background training of engagement models (`POST /api/model/train`): jobs are queued and
/// trained one at a time by `run()`, each on a dedicated thread, with progress; on success a job
/// may become the live model at once. `run()` is a long-running part of the service: on
/// cancellation it lets the job in training finish; queued ones stay queued. Thread-safe;
/// jobs are kept in memory (the newest 20).
public final class TrainingJobs: Sendable {
    /// One job's state as `GET /api/model/jobs/ID` shows it.
    public struct Job: Sendable {
        public var id: String
        public var state: String  // queued | running | done | failed
        public var progress: Double
        public var message: String
        public var model: EngagementModel?
        public var activated: Bool
    }

    /// A job waiting for `run()`.
    private struct Pending: Sendable {
        var id: String
        var records: [DataRecord]
        var request: EngagementTrainer.Request
        var textFeatures: any TextFeatureSource
        var activateWhenDone: Bool
    }

    private let jobs = Mutex<[String: Job]>([:])
    private let counter = Atomic<Int>(0)
    private let queue: AsyncStream<Pending>
    private let enqueue: AsyncStream<Pending>.Continuation
    /// Called with a finished model that should go live.
    private let activate: @Sendable (EngagementModel) async -> Void

    public init(activate: @escaping @Sendable (EngagementModel) async -> Void) {
        self.activate = activate
        (queue, enqueue) = AsyncStream.makeStream(of: Pending.self)
    }

    public func job(_ id: String) -> Job? { jobs.withLock { $0[id] } }

    /// Queues training `records` with `request`; returns the job id at once.
    public func start(records: [DataRecord], request: EngagementTrainer.Request, textFeatures: any TextFeatureSource,
                      activateWhenDone: Bool) -> String {
        let id = "j-\(counter.add(1, ordering: .relaxed).newValue)"
        jobs.withLock { jobs in
            jobs[id] = Job(id: id, state: "queued", progress: 0, message: "queued", model: nil, activated: false)
            if jobs.count > 20, let oldest = jobs.keys.sorted(by: { Int($0.dropFirst(2))! < Int($1.dropFirst(2))! }).first {
                jobs[oldest] = nil
            }
        }
        enqueue.yield(Pending(id: id, records: records, request: request, textFeatures: textFeatures, activateWhenDone: activateWhenDone))
        return id
    }

    /// Trains queued jobs one at a time until cancelled.
    public func run() async {
        for await pending in queue { await train(pending) }
    }

    private func train(_ pending: Pending) async {
        update(pending.id) { $0.state = "running"; $0.message = "starting" }
        let id = pending.id
        let outcome = await DedicatedThread.run("pulse-training-\(id)") { [self] in
            Result {
                try EngagementTrainer.train(records: pending.records, testRecords: nil, request: pending.request,
                                            textFeatures: pending.textFeatures) { step in
                    self.update(id) { $0.progress = step.total > 0 ? Double(step.done) / Double(step.total) : 0; $0.message = step.stage }
                }
            }
        }
        switch outcome {
        case .success(let model):
            update(id) { $0.state = "done"; $0.progress = 1; $0.message = "trained"; $0.model = model }
            if pending.activateWhenDone { await activateJob(id) }
        case .failure(let error):
            update(id) { $0.state = "failed"; $0.message = "\(error)" }
        }
    }

    /// Makes a finished job's model the live one; false when the job is not done.
    @discardableResult
    public func activateJob(_ id: String) async -> Bool {
        guard let model = job(id)?.model else { return false }
        await activate(model)
        update(id) { $0.activated = true }
        return true
    }

    private func update(_ id: String, _ change: (inout Job) -> Void) {
        jobs.withLock { jobs in
            if var job = jobs[id] {
                change(&job)
                jobs[id] = job
            }
        }
    }
}
