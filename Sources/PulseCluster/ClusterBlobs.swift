/// Named byte values a cluster keeps in Redis beside its log (the snapshot new nodes start from,
/// the bytes of a published model), each with the stream ID of the last log entry it covers.
/// Each blob is one hash `pulse:{NAME}:blob:NAME` with fields `covers` and `bytes`, written by
/// one Lua script so the pair is atomic, and only replaced by a blob that covers at least as
/// much: a stale leader cannot put an older snapshot over a newer one (which would let the log
/// be trimmed below what the snapshot in Redis covers).
///
/// Thread ownership: belongs to the thread that owns its `RedisConnection` (a dedicated thread).
public final class ClusterBlobs {
    /// One stored blob.
    public struct Blob: Sendable, Equatable {
        public let covers: StreamID
        public let bytes: [UInt8]

        public init(covers: StreamID, bytes: [UInt8]) {
            self.covers = covers
            self.bytes = bytes
        }
    }

    private let connection: RedisConnection
    private let keys: ClusterKeys

    private static let putScript = """
        local old = redis.call('HGET', KEYS[1], 'covers')
        if old then
          local om, os = string.match(old, '^(%d+)-(%d+)$')
          local nm, ns = string.match(ARGV[1], '^(%d+)-(%d+)$')
          om, os, nm, ns = tonumber(om), tonumber(os), tonumber(nm), tonumber(ns)
          if om > nm or (om == nm and os > ns) then return 0 end
        end
        redis.call('HSET', KEYS[1], 'covers', ARGV[1], 'bytes', ARGV[2])
        return 1
        """

    public init(connection: RedisConnection, keys: ClusterKeys) {
        self.connection = connection
        self.keys = keys
    }

    /// Stores `bytes` as blob `name` covering the log up to `covers`. False (nothing changed) when
    /// the stored blob covers more.
    @discardableResult
    public func put(_ name: String, bytes: [UInt8], covers: StreamID) throws -> Bool {
        let reply = try connection.command(["EVAL", Self.putScript, "1", keys.blob(name), covers.description].map(\.redisBytes) + [bytes])
        guard let stored = reply.integer else { throw Self.unexpected("put \(name)", reply) }
        return stored == 1
    }

    /// Blob `name`, nil when there is none.
    public func get(_ name: String) throws -> Blob? {
        let reply = try connection.command("HMGET", keys.blob(name), "covers", "bytes")
        guard case .array(let fields) = reply, fields.count == 2 else { throw Self.unexpected("get \(name)", reply) }
        if case .null = fields[0] { return nil }
        guard let coversText = fields[0].text, let covers = StreamID(coversText), case .bulk(let bytes) = fields[1] else {
            throw RedisError.protocolError("blob \(name): unexpected fields \(fields)")
        }
        return Blob(covers: covers, bytes: bytes)
    }

    private static func unexpected(_ what: String, _ reply: RedisReply) -> RedisError {
        if case .error(let text) = reply { return .server("\(what): \(text)") }
        return .protocolError("\(what): unexpected reply \(reply)")
    }
}
