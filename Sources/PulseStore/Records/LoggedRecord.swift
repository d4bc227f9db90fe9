/// A write-ahead-log record of any version this Pulse reads, told apart by its first byte:
/// version 1 holds the posts as received (`IngestRecord`, re-scored on replay, so old data
/// directories still recover), version 2 the scored posts (`ScoredRecord`, applied as they are).
/// A plain value.
public enum LoggedRecord: Sendable, Equatable {
    case raw(IngestRecord)
    case scored(ScoredRecord)

    /// Decodes a record of either version.
    /// - Throws: a description of what is malformed, or of an unknown version.
    public init(decoding bytes: [UInt8]) throws {
        switch bytes.first {
        case IngestRecord.formatVersion?: self = .raw(try IngestRecord(decoding: bytes))
        case ScoredRecord.formatVersion?: self = .scored(try ScoredRecord(decoding: bytes))
        case let version?:
            throw ByteReader.Malformed(description: "WAL record: unknown version \(version) (this Pulse reads 1 and 2)")
        case nil: throw ByteReader.Malformed(description: "WAL record: empty")
        }
    }
}
