import Foundation
import PulseCluster
import PulseClusterNode
import PulseHub
import PulseLWS
import PulseStore

/// Each module's own settings, taken from the typed configuration (the only place that maps
/// configuration keys onto the parts).
extension PulseConfiguration {
    var storeLimits: LiveState.Limits {
        var limits = LiveState.Limits()
        limits.recentPosts = store.recentPosts
        limits.idempotencyWindow = store.idempotencyWindow
        limits.topHashtags = store.topHashtags
        return limits
    }

    var hubConfiguration: Hub.Configuration {
        var hub = Hub.Configuration()
        hub.historySize = push.historySize
        hub.historyBytes = push.historyBytes
        hub.outboxLimitBytes = push.outboxLimitBytes
        hub.serviceThreads = serviceThreads
        hub.subscribersInDeltas = cluster.redis.isEmpty
        return hub
    }

    /// The cluster node's options; nil without `cluster.redis` (a single node).
    /// - Throws: `PulseConfiguration.Invalid` for a bad URL or cluster name.
    func clusterOptions() throws -> ClusterNode.Options? {
        guard !cluster.redis.isEmpty else { return nil }
        var log: ClusterLogOptions
        do {
            log = try ClusterLogOptions(url: RedisURL(parsing: cluster.redis), cluster: cluster.name)
        } catch {
            throw PulseConfiguration.Invalid(description: "\(error) (from \(origin(of: "cluster.redis")))")
        }
        log.waitReplicas = cluster.waitReplicas
        let node = cluster.node.isEmpty ? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)" : cluster.node
        var options = ClusterNode.Options(log: log, node: node, dataDirectory: store.dataDir, limits: storeLimits)
        options.leasePeriodMilliseconds = cluster.leasePeriodMilliseconds
        options.tickSeconds = Double(push.tickMilliseconds) / 1000
        options.snapshotIntervalSeconds = Double(store.snapshotIntervalSeconds)
        return options
    }

    /// `server.threads`, with 0 meaning one per core.
    var serviceThreads: Int { server.threads > 0 ? server.threads : max(1, ProcessInfo.processInfo.activeProcessorCount) }

    var decoderLimits: PostDecoder.Limits {
        var decoder = PostDecoder.Limits()
        decoder.maxPostsPerRequest = limits.maxPostsPerRequest
        decoder.maxTextBytes = limits.maxTextBytes
        decoder.maxHashtagsPerPost = limits.maxHashtagsPerPost
        return decoder
    }

    var routerLimits: Router.Limits {
        var router = Router.Limits()
        router.maxBodyBytes = limits.maxBodyBytes
        return router
    }

    func transport(events: @escaping @Sendable (LWSServerEvent) -> Void) -> LWSServerConfiguration {
        var transport = LWSServerConfiguration()
        transport.host = server.host
        transport.port = server.port
        transport.idleTimeoutSeconds = server.idleTimeoutSeconds
        transport.maxConnections = server.maxConnections
        transport.serviceThreads = serviceThreads
        transport.maxClientMessageBytes = server.maxClientMessageBytes
        transport.allowedOrigins = server.allowedOrigins
        transport.tlsCertificatePath = server.tlsCert
        transport.tlsKeyPath = server.tlsKey
        transport.lingerSeconds = server.lingerSeconds
        transport.lingerBytes = server.lingerBytes
        transport.maxConnectionsPerAddress = limits.maxConnectionsPerIP
        transport.httpRequestsPerSecond = limits.httpRequestsPerSecond
        transport.httpBurst = Double(limits.httpBurst)
        transport.webSocketMessagesPerSecond = limits.webSocketMessagesPerSecond
        transport.webSocketBurst = Double(limits.webSocketBurst)
        transport.libraryLogLevel = log.level == .debug ? 0x0F : 3  // LLL_ERR | LLL_WARN (+ NOTICE, INFO in debug)
        transport.events = events
        return transport
    }
}
