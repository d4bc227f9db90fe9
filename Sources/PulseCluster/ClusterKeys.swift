/// The Redis keys of one cluster, all under `pulse:{NAME}:` (the braces make Redis Cluster put
/// them in one hash slot, so scripts and transactions may touch several). A plain value.
public struct ClusterKeys: Sendable, Equatable {
    public let cluster: String

    /// Checks `cluster` (config `cluster.name`): 1 to 64 letters, digits, `-`, `_` or `.`.
    public init(cluster: String) throws {
        guard !cluster.isEmpty, cluster.count <= 64,
              cluster.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw InvalidName(name: cluster)
        }
        self.cluster = cluster
    }

    /// A cluster name that cannot be part of a key.
    public struct InvalidName: Error, Equatable, CustomStringConvertible {
        public let name: String
        public var description: String {
            "cluster.name: \"\(name)\" must be 1 to 64 ASCII letters, digits, '-', '_' or '.'"
        }
    }

    /// The stream that is the cluster log.
    public var log: String { "pulse:{\(cluster)}:log" }
    /// The string holding the name of the node that leads (with an expiry: the lease).
    public var leader: String { "pulse:{\(cluster)}:leader" }
    /// The string holding the cluster's epoch (set once, by the first node that starts).
    public var epoch: String { "pulse:{\(cluster)}:epoch" }
    /// The hash of how far each node has applied the log (`NODE` → `STREAM-ID UNIX-MS`), which
    /// bounds the trim, so a node that lags is never trimmed past.
    public var applied: String { "pulse:{\(cluster)}:applied" }
    /// The hash holding one named blob (`snapshot`, `model`, ...) and the stream ID it covers.
    public func blob(_ name: String) -> String { "pulse:{\(cluster)}:blob:\(name)" }
}
