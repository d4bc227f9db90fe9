/// Why the cluster log did not take or trim entries. A plain value.
public enum ClusterLogError: Error, Equatable, CustomStringConvertible {
    /// Redis could not be reached (or timed out) or the log was closed: nothing was acknowledged.
    /// An entry whose append failed this way may still be in the stream (the XADD may have been
    /// applied before the connection broke), so whoever applies the log must treat repeats as
    /// duplicates, which it does because idempotency is decided in log order.
    case logUnavailable(String)
    /// Redis answered the command with an error (its text), e.g. the key holds another type.
    case rejected(String)
    /// `WAIT` returned before `required` replicas had the entries (`cluster.waitReplicas`).
    /// The entries are in the primary's stream, but not acknowledged as replicated.
    case notReplicated(acknowledged: Int, required: Int)

    public var description: String {
        switch self {
        case .logUnavailable(let reason): "log_unavailable: \(reason)"
        case .rejected(let text): "cluster log rejected by redis: \(text)"
        case .notReplicated(let acknowledged, let required):
            "cluster log not replicated: \(acknowledged) of \(required) replicas acknowledged in time"
        }
    }
}
