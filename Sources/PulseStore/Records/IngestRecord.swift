import PulseAnalytics

/// One accepted ingest batch as the write-ahead log stores it: the posts exactly as received,
/// the time they were accepted, and (for watched files) the file position reached. Replaying
/// records in log order through the same scoring rebuilds the same state. A plain value.
public struct IngestRecord: Sendable, Equatable {
    /// Where a watched file's posts came from and how far it has been read.
    public struct FilePosition: Sendable, Equatable {
        public var path: String
        public var inode: UInt64
        public var offset: UInt64
        public init(path: String, inode: UInt64, offset: UInt64) {
            self.path = path
            self.inode = inode
            self.offset = offset
        }
    }

    public var acceptedAt: Double
    public var posts: [Post]
    public var file: FilePosition?

    public init(acceptedAt: Double, posts: [Post], file: FilePosition? = nil) {
        self.acceptedAt = acceptedAt
        self.posts = posts
        self.file = file
    }

    static let formatVersion: UInt8 = 1

    /// The binary form: version, time, optional file position, then each post's fields.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(64 + posts.count * 160)
        writer.bytes.append(Self.formatVersion)
        writer.double(acceptedAt)
        if let file {
            writer.bytes.append(1)
            writer.string(file.path)
            writer.varint(file.inode)
            writer.varint(file.offset)
        } else {
            writer.bytes.append(0)
        }
        writer.varint(UInt64(posts.count))
        for post in posts { Self.encode(post, into: &writer) }
        return writer.bytes
    }

    /// Decodes `encoded()` output; throws on any malformed byte.
    public init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(bytes: bytes)
        guard try reader.byte() == Self.formatVersion else { throw ByteReader.Malformed(description: "unknown ingest record version") }
        acceptedAt = try reader.double()
        file = try reader.byte() == 1 ? FilePosition(path: try reader.string(), inode: try reader.varint(), offset: try reader.varint()) : nil
        let count = Int(try reader.varint())
        guard count <= bytes.count else { throw ByteReader.Malformed(description: "post count \(count) exceeds the record") }
        posts = []
        posts.reserveCapacity(count)
        for _ in 0..<count { posts.append(try Self.decodePost(&reader)) }
        guard reader.isAtEnd else { throw ByteReader.Malformed(description: "trailing bytes in ingest record") }
    }

    // Field presence bits.
    private static let hasID: UInt8 = 1, hasHashtags: UInt8 = 2, hasAuthor: UInt8 = 4, hasPlatform: UInt8 = 8, hasCreatedAt: UInt8 = 16

    static func encode(_ post: Post, into writer: inout ByteWriter) {
        var flags: UInt8 = 0
        if post.id != nil { flags |= hasID }
        if post.hashtags != nil { flags |= hasHashtags }
        if post.author != nil { flags |= hasAuthor }
        if post.platform != nil { flags |= hasPlatform }
        if post.createdAt != nil { flags |= hasCreatedAt }
        writer.bytes.append(flags)
        writer.string(post.text)
        if let id = post.id { writer.string(id) }
        if let hashtags = post.hashtags {
            writer.varint(UInt64(hashtags.count))
            hashtags.forEach { writer.string($0) }
        }
        if let author = post.author { writer.string(author) }
        if let platform = post.platform { writer.string(platform) }
        if let createdAt = post.createdAt { writer.double(createdAt) }
        writer.varint(UInt64(post.metrics.count))
        for (name, value) in post.metrics.sorted(by: { $0.key < $1.key }) {
            writer.string(name)
            writer.double(value)
        }
    }

    static func decodePost(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> Post {
        let flags = try reader.byte()
        var post = Post(text: try reader.string())
        if flags & hasID != 0 { post.id = try reader.string() }
        if flags & hasHashtags != 0 {
            let count = Int(try reader.varint())
            guard count <= reader.bytes.count else { throw ByteReader.Malformed(description: "hashtag count too large") }
            var hashtags: [String] = []
            hashtags.reserveCapacity(count)
            for _ in 0..<count { hashtags.append(try reader.string()) }
            post.hashtags = hashtags
        }
        if flags & hasAuthor != 0 { post.author = try reader.string() }
        if flags & hasPlatform != 0 { post.platform = try reader.string() }
        if flags & hasCreatedAt != 0 { post.createdAt = try reader.double() }
        let metricCount = Int(try reader.varint())
        guard metricCount <= reader.bytes.count else { throw ByteReader.Malformed(description: "metric count too large") }
        post.metrics.reserveCapacity(metricCount)
        for _ in 0..<metricCount { post.metrics[try reader.string()] = try reader.double() }
        return post
    }
}
