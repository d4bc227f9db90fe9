/// Why a Redis command did not get an answer, or got an error answer. A plain value.
public enum RedisError: Error, Equatable, CustomStringConvertible {
    /// No connection: refused, reset, closed by the server, host unknown (the text says which).
    case unreachable(String)
    /// Connected, but the connect or the reply took longer than the timeout.
    case timedOut(String)
    /// The bytes from the server were not valid RESP, or hiredis failed otherwise.
    case protocolError(String)
    /// Redis answered with an error reply, e.g. `WRONGTYPE ...`; the text is Redis's.
    case server(String)

    public var description: String {
        switch self {
        case .unreachable(let text): "redis unreachable: \(text)"
        case .timedOut(let text): "redis timed out: \(text)"
        case .protocolError(let text): "redis protocol error: \(text)"
        case .server(let text): "redis error: \(text)"
        }
    }

    /// True when the connection is gone (unreachable or timed out) and must be made anew.
    public var isConnectionFailure: Bool {
        switch self {
        case .unreachable, .timedOut, .protocolError: true
        case .server: false
        }
    }
}
