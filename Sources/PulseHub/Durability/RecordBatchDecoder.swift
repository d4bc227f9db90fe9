import PulseAnalytics
import PulseStore

/// Collects WAL records during recovery and decodes them in batches across cores, handing the
/// decoded records to `apply` in log order on the caller's thread (decoding is pure, applying
/// stays serial). Owned by the recovery thread, which must not be on the cooperative pool.
struct RecordBatchDecoder {
    /// Records decoded together.
    static let batchSize = 64

    private var pending: [(sequence: UInt64, bytes: [UInt8])] = []
    private let apply: (UInt64, LoggedRecord) throws -> Void

    init(apply: @escaping (UInt64, LoggedRecord) throws -> Void) {
        self.apply = apply
        pending.reserveCapacity(Self.batchSize)
    }

    /// Takes one record's payload; decodes and applies a full batch.
    mutating func add(sequence: UInt64, payload: UnsafeRawBufferPointer) throws {
        pending.append((sequence, Array(payload)))
        if pending.count >= Self.batchSize { try flush() }
    }

    /// Decodes and applies what is pending.
    /// - Throws: the first malformed record's error (naming its WAL sequence); nothing after it is applied.
    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let results = UnsafeMutableBufferPointer<Result<LoggedRecord, any Error>>.allocate(capacity: batch.count)
        defer { results.deallocate() }
        nonisolated(unsafe) let output = results
        let chunks = min(2, batch.count)
        CooperativePool.concurrentPerform("RecordBatchDecoder.flush", iterations: chunks) { chunk in
            for index in stride(from: chunk, to: batch.count, by: chunks) {
                (output.baseAddress! + index).initialize(to: Result { try LoggedRecord(decoding: batch[index].bytes) })
            }
        }
        defer { _ = results.deinitialize() }
        for (index, result) in results.enumerated() {
            switch result {
            case .success(let record): try apply(batch[index].sequence, record)
            case .failure(let error): throw RecoveryError.malformedRecord(sequence: batch[index].sequence, reason: "\(error)")
            }
        }
    }
}

/// Why recovery could not rebuild the state from the WAL. A value; its description is the message.
public enum RecoveryError: Error, Sendable, CustomStringConvertible {
    case malformedRecord(sequence: UInt64, reason: String)

    public var description: String {
        switch self {
        case .malformedRecord(let sequence, let reason): return "WAL record \(sequence) is malformed: \(reason)"
        }
    }
}
