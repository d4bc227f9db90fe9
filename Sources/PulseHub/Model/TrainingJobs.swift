import Foundation
import PulseAnalytics
import Synchronization

/// Background training of engagement models (`POST /api/model/train`): each job trains on a
/// thread of its own, reports progress, and on success may become the live model at once.
/// Thread-safe; jobs are kept in memory (the newest 20).
public final class TrainingJobs: Sendable {
    /// One job's state as `GET /api/model/jobs/ID` shows it.
    public struct Job: Sendable {
        public var id: String
        public var state: String  // running | done | failed
        public var progress: Double
        public var message: String
        public var model: EngagementModel?
        public var activated: Bool
    }

    private let jobs = Mutex<[String: Job]>([:])
    private let counter = Atomic<Int>(0)
    /// Called with a finished model that should go live.
    private let activate: @Sendable (EngagementModel) async -> Void

    public init(activate: @escaping @Sendable (EngagementModel) async -> Void) { self.activate = activate }

    public func job(_ id: String) -> Job? { jobs.withLock { $0[id] } }

    /// Starts training `records` with `request`; returns the job id at once.
    public func start(records: [DataRecord], request: EngagementTrainer.Request, textFeatures: any TextFeatureSource,
                      activateWhenDone: Bool) -> String {
        let id = "j-\(counter.add(1, ordering: .relaxed).newValue)"
        jobs.withLock { jobs in
            jobs[id] = Job(id: id, state: "running", progress: 0, message: "queued", model: nil, activated: false)
            if jobs.count > 20, let oldest = jobs.keys.sorted(by: { Int($0.dropFirst(2))! < Int($1.dropFirst(2))! }).first {
                jobs[oldest] = nil
            }
        }
        Thread.detachNewThread { [self] in
            do {
                let model = try EngagementTrainer.train(records: records, testRecords: nil, request: request, textFeatures: textFeatures) { step in
                    self.update(id) { $0.progress = step.total > 0 ? Double(step.done) / Double(step.total) : 0; $0.message = step.stage }
                }
                update(id) { $0.state = "done"; $0.progress = 1; $0.message = "trained"; $0.model = model }
                if activateWhenDone { Task { await self.activateJob(id) } }
            } catch {
                update(id) { $0.state = "failed"; $0.message = "\(error)" }
            }
        }
        return id
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
