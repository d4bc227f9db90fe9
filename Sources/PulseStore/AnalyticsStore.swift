import PulseAnalytics

/// The live analytics state behind an actor: every ingest and every tick is serialised here.
/// Stateless scoring happens before `ingest` (in parallel, off this actor); this actor only
/// aggregates. It numbers the deltas it emits (consecutive offsets) so that a snapshot and the
/// deltas after it line up exactly.
public actor AnalyticsStore {
    var state: LiveState
    /// Posts applied since the last emitted delta; they join the recent ring when emitted.
    var unpublished: [StoredPost] = []
    var changed: Set<Topic> = []
    var deltaOffset: UInt64 = 0
    /// The write-ahead log every ingest is recorded in first (nil: in memory only).
    private var log: WriteAheadLog?
    /// The WAL sequence of the last record applied.
    private var lastSequence: UInt64 = 0
    /// The loaded engagement model's target column and report (JSON), set by the service.
    var engagementTarget: String?
    var modelReport: [UInt8]?
    /// In cluster mode: the live model's file bytes as the log activated it (for checkpoints).
    var modelFile: [UInt8]?
    /// In cluster mode: where this store is in the cluster log (nil on a single node, where the
    /// WAL numbers the records and the wall clock dates the deltas).
    var logPosition: LogPosition?
    /// Silhouette is costly (a reservoir of posts); it is recomputed at most every few seconds.
    var silhouette: (value: Double?, at: Double) = (nil, -.infinity)
    /// How often `takeChanges` was called (tests check that an idle hub does not poll).
    public private(set) var takeChangesCalls = 0

    /// Yields when something changed after the last `takeChanges` (coalesced: at most one signal
    /// waits). The publisher's only wake-up; one consumer.
    public nonisolated let changeSignals: AsyncStream<Void>
    private let changeContinuation: AsyncStream<Void>.Continuation
    /// The live clusters as the scorer reads them (published once per emitted delta).
    public nonisolated let clusters = ClusterSlot()

    public init(limits: LiveState.Limits = LiveState.Limits()) {
        state = LiveState(limits: limits)
        (changeSignals, changeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Marks `topics` changed and signals the publisher when this is the first change since it took them.
    func markChanged(_ topics: some Sequence<Topic>) {
        let wasEmpty = changed.isEmpty
        changed.formUnion(topics)
        if wasEmpty && !changed.isEmpty { changeContinuation.yield() }
    }

    /// Replaces the state with a recovered one and starts logging to `log` (once, at start-up).
    public func install(_ recovered: LiveState, log: WriteAheadLog?, lastSequence: UInt64) {
        state = recovered
        self.log = log
        self.lastSequence = lastSequence
        unpublished.removeAll()
        markChanged(Topic.allCases)
    }

    /// Records which model scores the posts: its target (compared with each post's actual value)
    /// and its training report for the `engagement` topic.
    public func setModel(target: String?, report: [UInt8]?) {
        engagementTarget = target
        modelReport = report
        markChanged([.engagement])
    }

    /// Applies a batch of scored posts accepted at time `now`, without logging.
    public func ingest(_ posts: [ScoredPost], now: Double) -> IngestReceipt {
        apply(posts, now: now)
    }

    /// Logs `record` (`encoded` is its `encoded()` bytes, made off this actor) in the WAL, then
    /// applies it, in one step: WAL order is apply order. Returns the receipt and the sequence to
    /// wait for before replying. When the log refuses the record, nothing is applied.
    public func ingest(_ record: ScoredRecord, encoded: [UInt8]) throws -> (IngestReceipt, UInt64?) {
        var sequence: UInt64?
        if let log {
            sequence = try log.enqueue(encoded)
            lastSequence = sequence!
        }
        return (apply(record), sequence)
    }

    /// `ingest(_:encoded:)`, then waits until the record is durable (other ingests run meanwhile,
    /// so concurrent requests share one fsync). The wait happens off the actor: the caller
    /// resumes straight on its own executor, not through the actor's queue.
    public nonisolated func ingestDurably(_ record: ScoredRecord, encoded: [UInt8]) async throws -> IngestReceipt {
        let (receipt, sequence, log) = try await ingestLogged(record, encoded: encoded)
        if let sequence, let log { try await log.waitUntilDurable(sequence) }
        return receipt
    }

    private func ingestLogged(_ record: ScoredRecord, encoded: [UInt8]) throws -> (IngestReceipt, UInt64?, WriteAheadLog?) {
        let (receipt, sequence) = try ingest(record, encoded: encoded)
        return (receipt, sequence, log)
    }

    /// `ingest(_:encoded:)` for several records in one step, in this order, queued in the WAL under
    /// one lock (so they share a write and an fsync): each gets its receipt and sequence, or the
    /// log's error (then that record was not applied). Also returns the WAL to wait on.
    public func ingest(batch records: [(record: ScoredRecord, encoded: [UInt8])])
        -> (outcomes: [Result<(IngestReceipt, UInt64?), StorageError>], log: WriteAheadLog?) {
        guard let log else { return (records.map { .success((apply($0.record), nil)) }, nil) }
        let sequences = log.enqueue(batch: records.map(\.encoded))
        var outcomes: [Result<(IngestReceipt, UInt64?), StorageError>] = []
        outcomes.reserveCapacity(records.count)
        for (entry, sequence) in zip(records, sequences) {
            switch sequence {
            case .success(let sequence):
                lastSequence = sequence
                outcomes.append(.success((apply(entry.record), sequence)))
            case .failure(let error):
                outcomes.append(.failure(error))
            }
        }
        return (outcomes, log)
    }

    /// A copy of the state (a value; copy-on-write makes this cheap) and the WAL sequence it
    /// covers. The caller encodes it off the actor, so the actor never spends a snapshot's time.
    public func checkpoint() -> (state: LiveState, sequence: UInt64) {
        (state, lastSequence)
    }

    /// How far each watched file has been ingested.
    public var filePositions: [String: IngestRecord.FilePosition] { state.filePositions }

    private func apply(_ posts: [ScoredPost], now: Double) -> IngestReceipt {
        apply(ScoredRecord(acceptedAt: now, modelTarget: engagementTarget, posts: posts))
    }

    func apply(_ record: ScoredRecord) -> IngestReceipt {
        let alertsBefore = state.alerts.first
        let (receipt, applied) = state.apply(record)
        if !applied.isEmpty {
            unpublished.append(contentsOf: applied)
            var topics: [Topic] = [.sentiment, .trending, .words, .clusters, .engagement, .correlation, .posts]
            if state.alerts.first != alertsBefore { topics.append(.alerts) }
            markChanged(topics)
        }
        return receipt
    }

    /// The changes since the previous call, numbered with the next delta offset; nil when nothing changed.
    public func takeChanges(now: Double) -> StateChanges? {
        takeChangesCalls += 1
        guard !changed.isEmpty else { return nil }
        if changed.contains(.clusters) { clusters.publish(state.hashtags.clusters, at: now) }
        deltaOffset += 1
        let posts = unpublished
        state.remember(posts)
        unpublished.removeAll(keepingCapacity: true)
        let topics = changed
        changed.removeAll()
        // Only here (a tick), so the value every delta and snapshot shows depends on the ticks alone.
        if silhouette.value == nil || now - silhouette.at >= 5 { silhouette = (state.hashtags.clusters.silhouette(at: now), now) }
        return StateChanges(topics: topics, view: view(now: now, posts: posts, seriesPoints: 2))
    }

    /// The whole state for a new subscriber or `GET /api/state`, at the last emitted delta offset.
    /// In cluster mode dated by the log's clock (the last tick), so every node shows the same.
    public func snapshot(now: Double) -> LiveView {
        view(now: logPosition?.deltaTime ?? now, posts: state.recentPosts, seriesPoints: .max)
    }

    /// The current delta offset (the last one emitted).
    public var currentOffset: UInt64 { deltaOffset }

    private func view(now: Double, posts: [StoredPost], seriesPoints: Int) -> LiveView {
        LiveView(
            offset: deltaOffset, time: now,
            totalPosts: state.totalPosts, totalDuplicates: state.totalDuplicates,
            postsPerSecond: state.postsPerSecond(now: now),
            labelCounts: state.labelCounts, meanCompound: state.meanCompound,
            perSecond: state.perSecond.points(last: seriesPoints, upTo: now),
            perMinute: state.perMinute.points(last: seriesPoints, upTo: now),
            trending: state.hashtags.trending.top(state.limits.topHashtags, at: now),
            words: state.hashtags.words.top(100, at: now),
            clusters: state.hashtags.clusters.clusters(at: now, topTerms: 5),
            silhouette: silhouette.value,
            alerts: state.alerts, engagement: state.engagement, modelReport: modelReport,
            correlationFields: state.correlation.fields, correlation: state.correlation.matrix,
            posts: posts)
    }

    /// A post's hashtags and nearest cluster, without learning from it (`POST /api/analyze`).
    public func analyze(_ post: Post, now: Double) -> (hashtags: [String], cluster: StreamingKMeans.Cluster?) {
        let (hashtags, assignment) = state.hashtags.analyze(post, at: now)
        let cluster = assignment.flatMap { found in state.hashtags.clusters.clusters(at: now, topTerms: 5).first { $0.id == found.cluster } }
        return (hashtags, cluster)
    }
}
