import CHiredis
#if canImport(Glibc)
import Glibc
#endif

/// One blocking hiredis connection to Redis (AUTH-less; `SELECT`s the URL's database).
///
/// Thread ownership: a connection belongs to the thread that created it, and every command must
/// come from that thread. In debug builds each call checks this and traps otherwise (like the
/// service-thread state of PulseLWS), so a confinement mistake fails in tests. Create it on a
/// dedicated thread (never on Swift's cooperative pool: the calls block for up to the timeout).
/// `bind()` hands a connection over to another thread. After a connection failure
/// (`RedisError.isConnectionFailure`) the connection is broken for good: every later command
/// throws the same error; make a new one.
public final class RedisConnection {
    public let url: RedisURL
    /// How long one command (send and reply) may take, in milliseconds.
    public let commandTimeoutMilliseconds: Int
    private var context: UnsafeMutablePointer<redisContext>?
    private var owner: pthread_t
    /// The first connection failure; set once, then every call throws it.
    public private(set) var failure: RedisError?
    /// Commands appended with `append` whose replies were not read yet.
    public private(set) var pendingReplies = 0

    /// Connects within `connectTimeoutMilliseconds` and selects the database.
    public init(url: RedisURL, connectTimeoutMilliseconds: Int = 2000, commandTimeoutMilliseconds: Int = 5000) throws {
        self.url = url
        self.commandTimeoutMilliseconds = commandTimeoutMilliseconds
        owner = pthread_self()
        var errorNumber: Int32 = 0
        guard let context = pulse_redis_connect(url.host, Int32(url.port), connectTimeoutMilliseconds,
                                                commandTimeoutMilliseconds, &errorNumber) else {
            throw RedisError.unreachable("\(url): could not allocate a hiredis context")
        }
        self.context = context
        if context.pointee.err != 0 {
            let error = Self.error(of: context, errorNumber: errorNumber, doing: "connect to \(url)")
            redisFree(context)
            self.context = nil
            throw error
        }
        if url.database != 0 {
            let reply = try command("SELECT", url.database)
            if case .error(let text) = reply { throw RedisError.server("SELECT \(url.database): \(text)") }
        }
    }

    deinit {
        if let context { redisFree(context) }
    }

    /// Makes the calling thread the owner (when a connection made on one thread moves to another).
    public func bind() { owner = pthread_self() }

    /// Sends one command and waits for its reply. An error reply is returned as `.error`, not thrown.
    @discardableResult
    public func command(_ arguments: any RedisArgument...) throws -> RedisReply {
        try command(arguments.map(\.redisBytes))
    }

    /// Sends one command given as byte strings and waits for its reply.
    @discardableResult
    public func command(_ arguments: [[UInt8]]) throws -> RedisReply {
        _ = try usableContext()
        precondition(pendingReplies == 0, "command() while pipelined replies are still unread")
        try append(arguments)
        return try readReply()
    }

    /// Queues one command in the output buffer without sending it (pipelining); `readReply()`
    /// flushes the buffer and returns the replies in order.
    public func append(_ arguments: [[UInt8]]) throws {
        let context = try usableContext()
        precondition(!arguments.isEmpty, "a Redis command needs at least its name")
        // One buffer holding every argument, plus a trailing byte so that no pointer is null.
        var joined: [UInt8] = []
        joined.reserveCapacity(arguments.reduce(1) { $0 + $1.count })
        var offsets: [Int] = []
        for argument in arguments {
            offsets.append(joined.count)
            joined.append(contentsOf: argument)
        }
        joined.append(0)
        let lengths = arguments.map(\.count)
        let status = joined.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var pointers: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
            return pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { argvlen in
                    redisAppendCommandArgv(context, Int32(arguments.count), argv.baseAddress, argvlen.baseAddress)
                }
            }
        }
        guard status == REDIS_OK else {
            throw broken(Self.error(of: context, errorNumber: errno, doing: "format a command"))
        }
        pendingReplies += 1
    }

    /// Sends what `append` queued (first call) and reads the next reply.
    public func readReply() throws -> RedisReply {
        let context = try usableContext()
        precondition(pendingReplies > 0, "readReply() without an appended command")
        var reply: UnsafeMutablePointer<redisReply>?
        var errorNumber: Int32 = 0
        let status = pulse_redis_get_reply(context, &reply, &errorNumber)
        guard status == REDIS_OK, let reply else {
            throw broken(Self.error(of: context, errorNumber: errorNumber, doing: "read a reply"))
        }
        defer { freeReplyObject(reply) }
        pendingReplies -= 1
        return RedisReply(copying: reply)
    }

    /// Sends all `commands` in one write and reads their replies, in order (one round trip).
    public func pipeline(_ commands: [[[UInt8]]]) throws -> [RedisReply] {
        for command in commands { try append(command) }
        return try commands.map { _ in try readReply() }
    }

    private func usableContext() throws -> UnsafeMutablePointer<redisContext> {
        #if DEBUG
        precondition(pthread_equal(owner, pthread_self()) != 0, "RedisConnection used off the thread that owns it")
        #endif
        if let failure { throw failure }
        guard let context else { throw RedisError.unreachable("\(url): connection closed") }
        return context
    }

    /// Records `error` as the connection's failure when it breaks the connection.
    private func broken(_ error: RedisError) -> RedisError {
        if error.isConnectionFailure {
            failure = error
            pendingReplies = 0
        }
        return error
    }

    /// Classifies the context's error: a socket timeout is an I/O error with EAGAIN.
    private static func error(of context: UnsafeMutablePointer<redisContext>, errorNumber: Int32, doing what: String) -> RedisError {
        let text = withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let detail = "\(what): \(text.isEmpty ? "error \(context.pointee.err)" : text)"
        switch context.pointee.err {
        case REDIS_ERR_PROTOCOL, REDIS_ERR_OOM: return .protocolError(detail)
        case REDIS_ERR_IO where errorNumber == EAGAIN || errorNumber == EWOULDBLOCK || errorNumber == ETIMEDOUT:
            return .timedOut(detail)
        default:
            if text.contains("timed out") || text.contains("temporarily unavailable") { return .timedOut(detail) }
            return .unreachable(detail)
        }
    }
}
