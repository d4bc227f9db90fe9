import PulseHub

extension LWSServerConfiguration {
    /// Copies the admission limits, the Origin allowlist, the TLS files and the lingering close from Pulse's configuration.
    mutating func applySecurity(_ configuration: PulseConfiguration) {
        maxConnectionsPerAddress = configuration.int("limits.maxConnectionsPerIP")
        httpRequestsPerSecond = configuration.double("limits.httpRequestsPerSecond")
        httpBurst = configuration.double("limits.httpBurst")
        webSocketMessagesPerSecond = configuration.double("limits.webSocketMessagesPerSecond")
        webSocketBurst = configuration.double("limits.webSocketBurst")
        allowedOrigins = configuration.strings("server.allowedOrigins")
        tlsCertificatePath = configuration.string("server.tlsCert")
        tlsKeyPath = configuration.string("server.tlsKey")
        lingerSeconds = configuration.int("server.lingerSeconds")
        lingerBytes = configuration.int("server.lingerBytes")
    }
}
