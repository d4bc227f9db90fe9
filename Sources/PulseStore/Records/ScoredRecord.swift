import PulseAnalytics

/// One accepted ingest batch as the write-ahead log stores it since format version 2: the time
/// it was accepted, the watched file's position (if any), the engagement model that scored it,
/// and per post the post with everything scoring produced (normalised hashtags, VADER compound,
/// predicted engagement, word terms, clustering tokens, text length). Applying it
/// (`LiveState.apply(_:)`) depends only on the state and the record: nothing is re-scored.
/// A plain value; encoded off the store actor.
public struct ScoredRecord: Sendable, Equatable {
    public var acceptedAt: Double
    public var file: IngestRecord.FilePosition?
    /// The scoring model's version (`ModelSlot`'s fingerprint), 0 when no model was loaded.
    public var modelVersion: UInt64
    /// The scoring model's target column (compared with each post's actual value), nil without a model.
    public var modelTarget: String?
    public var posts: [ScoredPost]

    public init(acceptedAt: Double, file: IngestRecord.FilePosition? = nil, modelVersion: UInt64 = 0,
                modelTarget: String? = nil, posts: [ScoredPost]) {
        self.acceptedAt = acceptedAt
        self.file = file
        self.modelVersion = modelVersion
        self.modelTarget = modelTarget
        self.posts = posts
    }

    static let formatVersion: UInt8 = 2

    // Header presence bits.
    private static let hasFile: UInt8 = 1, hasTarget: UInt8 = 2
    // Per-post bits.
    private static let hasPrediction: UInt8 = 1, hasOwnTokens: UInt8 = 2

    /// The binary form: version 2, time, header flags, file position, model version and target,
    /// then per post its `IngestRecord` post encoding followed by the scored values.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(64 + posts.count * 240)
        writer.bytes.append(Self.formatVersion)
        writer.double(acceptedAt)
        writer.bytes.append((file == nil ? 0 : Self.hasFile) | (modelTarget == nil ? 0 : Self.hasTarget))
        if let file {
            writer.string(file.path)
            writer.varint(file.inode)
            writer.varint(file.offset)
        }
        writer.varint(modelVersion)
        if let modelTarget { writer.string(modelTarget) }
        writer.varint(UInt64(posts.count))
        for scored in posts { Self.encode(scored, into: &writer) }
        return writer.bytes
    }

    private static func encode(_ scored: ScoredPost, into writer: inout ByteWriter) {
        IngestRecord.encode(scored.post, into: &writer)
        let ownTokens = scored.tagTokens != scored.hashtags
        writer.bytes.append((scored.predictedEngagement == nil ? 0 : hasPrediction) | (ownTokens ? hasOwnTokens : 0))
        writer.strings(scored.hashtags)
        writer.double(scored.compound)
        if let predicted = scored.predictedEngagement { writer.double(predicted) }
        writer.varint(UInt64(scored.textLength))
        writer.strings(scored.words)
        if ownTokens { writer.strings(scored.tagTokens) }
    }

    /// Decodes `encoded()` output.
    /// - Throws: a description naming what is wrong (and which post) for any malformed byte.
    public init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(bytes: bytes)
        let version = try reader.byte()
        guard version == Self.formatVersion else {
            throw ByteReader.Malformed(description: "scored record: unknown version \(version) (expected \(Self.formatVersion))")
        }
        acceptedAt = try reader.double()
        let flags = try reader.byte()
        guard flags & ~(Self.hasFile | Self.hasTarget) == 0 else {
            throw ByteReader.Malformed(description: "scored record: unknown header flags \(flags)")
        }
        file = flags & Self.hasFile != 0
            ? IngestRecord.FilePosition(path: try reader.string(), inode: try reader.varint(), offset: try reader.varint()) : nil
        modelVersion = try reader.varint()
        modelTarget = flags & Self.hasTarget != 0 ? try reader.string() : nil
        let count = try reader.count()
        posts = []
        posts.reserveCapacity(count)
        for index in 0..<count {
            do {
                posts.append(try Self.decodePost(&reader))
            } catch {
                throw ByteReader.Malformed(description: "scored record: post \(index): \(error.description)")
            }
        }
        guard reader.isAtEnd else { throw ByteReader.Malformed(description: "scored record: trailing bytes after \(count) posts") }
    }

    private static func decodePost(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> ScoredPost {
        let post = try IngestRecord.decodePost(&reader)
        let flags = try reader.byte()
        guard flags & ~(hasPrediction | hasOwnTokens) == 0 else { throw ByteReader.Malformed(description: "unknown post flags \(flags)") }
        let hashtags = try reader.strings()
        let compound = try reader.double()
        let predicted = flags & hasPrediction != 0 ? try reader.double() : nil
        let textLength = try reader.varint()
        guard textLength <= UInt64(post.text.utf8.count) else {
            throw ByteReader.Malformed(description: "text length \(textLength) exceeds the text")
        }
        let words = try reader.strings()
        let tokens = flags & hasOwnTokens != 0 ? try reader.strings() : hashtags
        return ScoredPost(post: post, hashtags: hashtags, compound: compound, predictedEngagement: predicted,
                          words: words, tagTokens: tokens, textLength: Int(textLength))
    }
}

extension ByteWriter {
    /// A count, then each string.
    mutating func strings(_ values: [String]) {
        varint(UInt64(values.count))
        for value in values { string(value) }
    }
}

extension ByteReader {
    /// What `ByteWriter.strings` wrote.
    mutating func strings() throws(Malformed) -> [String] {
        let count = try count()
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try string()) }
        return values
    }
}
