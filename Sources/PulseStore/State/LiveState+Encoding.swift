import Foundation
import PulseAnalytics

/// The binary snapshot form of `LiveState` (what `snapshot-*.bin` files hold). Everything that
/// the next ingest depends on is saved, so recovery from a snapshot plus the WAL after it gives
/// the state that replaying every record from the start would give.
extension LiveState {
    static let snapshotVersion: UInt8 = 2

    /// The Codable parts, stored as one JSON document inside the snapshot.
    private struct CodableParts: Codable {
        var hashtags: HashtagAnalytics
        var alerts: [Alert]
        var engagement: EngagementStats
        var correlation: StreamingCorrelation
    }

    /// The snapshot bytes. Pure and possibly long (the whole state): run it off the store actor,
    /// on a copy of the state.
    /// - Throws: `StorageError.snapshotEncoding` when a part cannot be encoded as JSON.
    public func encoded() throws(StorageError) -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.append(Self.snapshotVersion)
        writer.varint(totalPosts)
        writer.varint(totalDuplicates)
        for label in ["positive", "neutral", "negative"] { writer.varint(UInt64(labelCounts[label, default: 0])) }
        writer.double(compoundSum)
        perSecond.encode(into: &writer)
        perMinute.encode(into: &writer)
        let parts = CodableParts(hashtags: hashtags, alerts: alerts, engagement: engagement, correlation: correlation)
        let json: Data
        do {
            // Sorted keys: equal states give equal bytes (an unsorted encoder's key order varies
            // with dictionary layout), so a recovered state can be compared with the live one.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            json = try encoder.encode(parts)
        } catch {
            throw .snapshotEncoding(reason: "\(error)")
        }
        writer.varint(UInt64(json.count))
        writer.bytes.append(contentsOf: json)
        writer.varint(UInt64(recentPosts.count))
        for stored in recentPosts {
            IngestRecord.encode(stored.scored.post, into: &writer)
            writer.varint(UInt64(stored.scored.hashtags.count))
            stored.scored.hashtags.forEach { writer.string($0) }
            writer.double(stored.scored.compound)
            writer.double(stored.scored.predictedEngagement ?? .nan)
            writer.double(stored.ingestedAt)
            writer.varint(stored.sequence)
            writer.varint(stored.cluster.map { UInt64($0) + 1 } ?? 0)
        }
        let ids = recentIDs.inArrivalOrder
        writer.varint(UInt64(ids.count))
        ids.forEach { writer.string($0) }
        writer.varint(UInt64(filePositions.count))
        for position in filePositions.values.sorted(by: { $0.path < $1.path }) {
            writer.string(position.path)
            writer.varint(position.inode)
            writer.varint(position.offset)
        }
        return writer.bytes
    }

    /// Rebuilds a state from `encoded()` output; `limits` come from the current configuration.
    public init(decoding bytes: [UInt8], limits: Limits) throws {
        self.init(limits: limits)
        var reader = ByteReader(bytes: bytes)
        guard try reader.byte() == Self.snapshotVersion else { throw ByteReader.Malformed(description: "unknown snapshot version") }
        totalPosts = try reader.varint()
        totalDuplicates = try reader.varint()
        for label in ["positive", "neutral", "negative"] { labelCounts[label] = Int(try reader.varint()) }
        compoundSum = try reader.double()
        perSecond = try BucketSeries(decoding: &reader)
        perMinute = try BucketSeries(decoding: &reader)
        let jsonLength = try reader.count()
        let json = Data(reader.bytes[reader.position..<(reader.position + jsonLength)])
        reader.position += jsonLength
        let parts = try JSONDecoder().decode(CodableParts.self, from: json)
        hashtags = parts.hashtags
        alerts = parts.alerts
        engagement = parts.engagement
        correlation = parts.correlation
        for _ in 0..<(try reader.count()) {
            let post = try IngestRecord.decodePost(&reader)
            let hashtags = try (0..<(try reader.count())).map { _ in try reader.string() }
            let compound = try reader.double()
            let prediction = try reader.double()
            let scored = ScoredPost(post: post, hashtags: hashtags, compound: compound,
                                    predictedEngagement: prediction.isNaN ? nil : prediction)
            let ingestedAt = try reader.double()
            let sequence = try reader.varint()
            let cluster = try reader.varint()
            recentPosts.append(StoredPost(scored: scored, ingestedAt: ingestedAt, sequence: sequence,
                                          cluster: cluster == 0 ? nil : Int(cluster - 1)))
        }
        for _ in 0..<(try reader.count()) { recentIDs.insert(try reader.string()) }
        for _ in 0..<(try reader.count()) {
            let position = IngestRecord.FilePosition(path: try reader.string(), inode: try reader.varint(), offset: try reader.varint())
            filePositions[position.path] = position
        }
        guard reader.isAtEnd else { throw ByteReader.Malformed(description: "trailing bytes in snapshot") }
    }
}

extension ByteReader {
    /// A count that cannot exceed the bytes left (guards allocations against corrupt input).
    mutating func count() throws(Malformed) -> Int {
        let value = try varint()
        guard value <= UInt64(bytes.count - position) else { throw Malformed(description: "count \(value) exceeds the data") }
        return Int(value)
    }
}
