import Foundation
import PulseHub

/// The configuration `pulse serve` runs with, merged from its sources in order: the shipped
/// defaults, `--config FILE`, `PULSE_*` environment variables, then the flags below (each flag
/// names the key it sets, so its documentation is the key's). Shared by `pulse serve` and
/// `pulse config --effective`. Main thread.
enum ServeConfiguration {
    /// Flags that set one configuration key from their value.
    static let keyFlags: [(flag: String, key: String)] = [
        ("--host", "server.host"), ("--port", "server.port"), ("--threads", "server.threads"), ("--data-dir", "store.dataDir"),
        ("--demo-rate", "demo.rate"), ("--demo-seed", "demo.seed"), ("--tick-ms", "push.tickMilliseconds"),
        ("--fsync", "store.fsync"), ("--tls-cert", "server.tlsCert"), ("--tls-key", "server.tlsKey"),
        ("--model", "store.model"), ("--snapshot-interval", "store.snapshotIntervalSeconds"),
        ("--log-level", "log.level"), ("--log-format", "log.format"),
        ("--cluster", "cluster.redis"), ("--node", "cluster.node"), ("--cluster-name", "cluster.name"),
    ]

    /// Every option that takes a value (the key flags, plus `--config` and `--watch`).
    static var valueOptions: Set<String> { Set(keyFlags.map(\.flag) + ["--config", "--watch"]) }

    /// Merges the sources; throws `PulseConfiguration.Invalid` naming the source, key and why.
    static func load(_ options: CommandLineOptions,
                     environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PulseConfiguration {
        var configuration = PulseConfiguration()
        if let path = options.value("--config") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PulseConfiguration.Invalid(description: "--config: cannot read the file \(path)")
            }
            try configuration.merge(file: [UInt8](data), source: path)
        }
        try configuration.merge(environment: environment)
        for (flag, key) in keyFlags {
            if let text = options.value(flag) { try configuration.set(key, text: text, source: flag) }
        }
        let watched = options.allValues("--watch")
        if !watched.isEmpty {
            let all = (configuration.watch.directories + watched).map { JSONValue.string($0) }
            try configuration.set("watch.directories", .array(all), source: "--watch")
        }
        if options.flag("--demo") { try configuration.set("demo.enabled", .bool(true), source: "--demo") }
        return configuration
    }
}
