/// The leader lease of a cluster: the key `pulse:{NAME}:leader` holds the leading node's name
/// and expires after the lease period unless that node renews it. `acquire` is
/// `SET key node NX PX period`; `renew` and `release` run a small Lua script that extends or
/// deletes the key only while it still holds this node's name, so a node whose lease expired
/// cannot take it back from the node that took over.
///
/// `isLeader` is this node's local, conservative view: true until one period after the moment
/// the last successful acquire or renewal was *sent* (Redis started its expiry later than that),
/// so a node cut off from Redis stops leading before another can take over (clock rates assumed
/// equal). Thread ownership: belongs to the thread that owns its `RedisConnection` (a dedicated
/// thread: the calls block), like the connection itself.
public final class LeaderLease {
    public let node: String
    public let key: String
    public let periodMilliseconds: Int
    private let connection: RedisConnection
    /// Monotonic nanoseconds until which this node may act as leader (0: not leading).
    private var validUntil: UInt64 = 0

    private static let renewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """
    private static let releaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """

    public init(connection: RedisConnection, keys: ClusterKeys, node: String, periodMilliseconds: Int) {
        precondition(!node.isEmpty && periodMilliseconds > 0, "a lease needs a node name and a positive period")
        self.connection = connection
        key = keys.leader
        self.node = node
        self.periodMilliseconds = periodMilliseconds
    }

    /// True while this node holds the lease, as far as it can know without asking Redis.
    public var isLeader: Bool { MonotonicClock.nanoseconds() < validUntil }

    /// Takes the lease if nobody holds it. True when this node now holds it.
    @discardableResult
    public func acquire() throws -> Bool {
        let sent = MonotonicClock.nanoseconds()
        let reply = try connection.command("SET", key, node, "NX", "PX", periodMilliseconds)
        switch reply {
        case .status("OK"): return granted(at: sent)
        case .null: return denied()
        default: throw Self.unexpected("SET NX PX", reply)
        }
    }

    /// Extends the lease by one period if this node still holds it. False: lost (expired, taken over).
    @discardableResult
    public func renew() throws -> Bool {
        let sent = MonotonicClock.nanoseconds()
        let reply = try connection.command("EVAL", Self.renewScript, 1, key, node, periodMilliseconds)
        guard let result = reply.integer else { throw Self.unexpected("renew", reply) }
        return result == 1 ? granted(at: sent) : denied()
    }

    /// What a leader loop calls once per tick: renews when leading, else tries to acquire.
    /// Returns whether this node leads afterwards.
    @discardableResult
    public func heartbeat() throws -> Bool {
        if validUntil != 0, try renew() { return true }
        return try acquire()
    }

    /// Gives the lease up (only if this node holds it), so another node need not wait for expiry.
    @discardableResult
    public func release() throws -> Bool {
        validUntil = 0
        let reply = try connection.command("EVAL", Self.releaseScript, 1, key, node)
        guard let result = reply.integer else { throw Self.unexpected("release", reply) }
        return result == 1
    }

    /// The node that holds the lease now, nil when nobody does.
    public func holder() throws -> String? {
        let reply = try connection.command("GET", key)
        if case .null = reply { return nil }
        guard let name = reply.text else { throw Self.unexpected("GET", reply) }
        return name
    }

    private func granted(at sent: UInt64) -> Bool {
        validUntil = sent + UInt64(periodMilliseconds) * 1_000_000
        return true
    }

    private func denied() -> Bool {
        validUntil = 0
        return false
    }

    private static func unexpected(_ what: String, _ reply: RedisReply) -> RedisError {
        if case .error(let text) = reply { return .server("\(what): \(text)") }
        return .protocolError("\(what): unexpected reply \(reply)")
    }
}
