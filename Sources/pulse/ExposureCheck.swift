import PulseHub

/// The safe-default rule of `pulse serve`: with no token and no webhook secret configured the
/// hub is open to anyone who reaches it, which is only allowed on a loopback address unless the
/// operator says `--insecure`. A pure function of the configuration.
enum ExposureCheck {
    /// True for 127.0.0.0/8, ::1 and localhost.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// A warning for a non-loopback bind with the per-address limits off, else nil.
    static func limitsWarning(_ configuration: PulseConfiguration) -> String? {
        guard !isLoopback(configuration.server.host),
              configuration.limits.maxConnectionsPerIP == 0 || configuration.limits.httpRequestsPerSecond == 0 else { return nil }
        return "per-address limits are off (limits.maxConnectionsPerIP, limits.httpRequestsPerSecond); "
            + "set them unless a proxy in front enforces its own"
    }

    /// Nil when the server may start; else the reason it must not.
    static func refusal(_ configuration: PulseConfiguration, insecure: Bool) -> String? {
        let host = configuration.server.host
        let policy = AccessPolicy(configuration: configuration.auth, clock: { 0 })
        guard policy.isOpen, !isLoopback(host), !insecure else { return nil }
        return "refusing to bind \(host) with no credentials configured: anyone could post, subscribe and train models. "
            + "Set auth.ingestTokens / auth.subscribeTokens / auth.adminTokens (or PULSE_AUTH_*_TOKENS), bind 127.0.0.1, "
            + "or pass --insecure to accept an open hub."
    }
}
