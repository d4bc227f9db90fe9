import Dispatch
import Foundation
import PulseAnalytics
import PulseHub
import PulseLWS

/// `pulse serve`: runs the hub until SIGINT or SIGTERM, then drains and exits 0.
enum ServeCommand: PulseCommand {
    static let name = "serve"
    static let summary = "run the hub: HTTP ingest, WebSocket push, dashboard"
    static let help = """
        usage: pulse serve [OPTIONS]

        Runs the hub. The first log line says `listening on http://HOST:PORT`.
        SIGINT/SIGTERM stop taking requests, finish those in flight, close WebSockets with 1001, exit 0.

        options:
          --config FILE      configuration file (JSON, see Config/pulse.json); PULSE_* variables and
                             the flags below override it
          --host H           address to bind (server.host, default 127.0.0.1)
          --port P           port to bind; 0 picks a free one (server.port, default 8080)
          --data-dir D       directory for the write-ahead log and snapshots (store.dataDir, default data)
          --fsync MODE       never | batch | always: when a 202 is sent relative to fsync (store.fsync,
                             default batch: concurrent requests share one fsync)
          --snapshot-interval S  seconds between state snapshots (store.snapshotIntervalSeconds, default 60)
          --model FILE       engagement model (store.model, default auto: the last model trained in the
                             data directory, else Config/engagement-model.json; none = no predictions)
          --watch DIR        ingest *.jsonl, *.ndjson, *.csv files in DIR as they grow (repeatable;
                             watch.directories)
          --demo             feed the synthetic demo stream (demo.enabled)
          --demo-rate N      demo posts per second (demo.rate, default 20)
          --demo-seed S      demo stream seed (demo.seed, default 42)
          --tick-ms N        push tick in milliseconds (push.tickMilliseconds, default 200)
          --web-root DIR     dashboard directory (default: ./WebClient, else next to the build)
          --tls-cert FILE    PEM certificate: serve HTTPS/WSS only, ALPN http/1.1 (server.tlsCert)
          --tls-key FILE     PEM private key of --tls-cert (server.tlsKey)
          --insecure         allow binding a non-loopback address with no tokens configured (an open hub)
          --help             this text
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(
            arguments,
            valueOptions: ["--config", "--host", "--port", "--data-dir", "--demo-rate", "--demo-seed", "--tick-ms", "--web-root",
                           "--fsync", "--watch", "--snapshot-interval", "--model", "--tls-cert", "--tls-key"],
            flagOptions: ["--demo", "--insecure"])
        guard options.positionals.isEmpty else { throw UsageError("unexpected argument '\(options.positionals[0])'") }
        let configuration: PulseConfiguration
        do {
            configuration = try loadConfiguration(options)
        } catch {
            printError("pulse serve: bad configuration: \(error)")
            return ExitCode.usage
        }
        if let refusal = ExposureCheck.refusal(configuration, insecure: options.flag("--insecure")) {
            printError("pulse serve: \(refusal)")
            return ExitCode.usage
        }
        guard let webRoot = ResourceLocator.directory(named: "WebClient", override: options.value("--web-root"),
                                                       environment: "PULSE_WEB_ROOT", containing: "index.html") else {
            printError("pulse serve: cannot find the dashboard directory WebClient/ (use --web-root DIR)")
            return ExitCode.failure
        }
        let sentiment: SentimentAnalyzer
        do {
            sentiment = try SentimentLexiconFiles.load(directory: try ConfigDirectory.locate())
        } catch {
            printError("pulse serve: \(error)")
            return ExitCode.failure
        }
        let model: EngagementModel?
        do {
            model = try loadModel(configuration)
        } catch {
            printError("pulse serve: \(error)")
            return ExitCode.failure
        }
        let service = HubService(configuration: configuration, webRoot: webRoot, sentiment: sentiment, model: model,
                                 log: { Log.info($0) })
        let port: Int
        do {
            port = try service.start()
        } catch {
            printError("pulse serve: \(error)")
            return ExitCode.failure
        }
        let host = configuration.string("server.host")
        let scheme = configuration.string("server.tlsCert").isEmpty ? "http" : "https"
        Log.info("listening on \(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)")
        if let warning = ExposureCheck.limitsWarning(configuration) { Log.warning(warning) }
        if let model {
            Log.info("engagement model: target \(model.target), features \(model.report.features.joined(separator: ",")), test R² \(model.report.test.r2.map { String(format: "%.3f", $0) } ?? "n/a")")
        }
        if configuration.bool("demo.enabled") {
            Log.info("demo feed on: \(configuration.double("demo.rate")) posts/s, seed \(configuration.int("demo.seed"))")
        }
        let signals = SignalHandler(signals: [SIGINT, SIGTERM]) { signal in
            Log.info("received signal \(signal); draining")
            service.shutdown()
        }
        do {
            try await service.run()
        } catch {
            signals.cancel()
            printError("pulse serve: cannot recover the state in \(configuration.string("store.dataDir")): \(error)")
            return ExitCode.failure
        }
        signals.cancel()
        Log.info("stopped")
        return ExitCode.success
    }

    /// The engagement model named by `store.model` (see its documentation in Config/pulse.json).
    static func loadModel(_ configuration: PulseConfiguration) throws -> EngagementModel? {
        var path = configuration.string("store.model")
        if path == "none" { return nil }
        if path == "auto" {
            let trained = URL(fileURLWithPath: configuration.string("store.dataDir")).appendingPathComponent("engagement-model.json").path
            if FileManager.default.fileExists(atPath: trained) {
                path = trained
            } else {
                path = try ConfigDirectory.locate().appendingPathComponent("engagement-model.json").path
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read the model file \(path)") }
        do {
            let model = try EngagementModel(jsonData: data)
            return model
        } catch {
            throw UsageError("bad model file \(path): \(error)")
        }
    }

    static func loadConfiguration(_ options: CommandLineOptions) throws -> PulseConfiguration {
        var configuration = PulseConfiguration()
        if let path = options.value("--config") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PulseConfiguration.Invalid(description: "cannot read config file \(path)")
            }
            try configuration.merge(file: [UInt8](data), source: path)
        }
        try configuration.merge(environment: ProcessInfo.processInfo.environment)
        let flags: [(String, String)] = [
            ("--host", "server.host"), ("--port", "server.port"), ("--data-dir", "store.dataDir"),
            ("--demo-rate", "demo.rate"), ("--demo-seed", "demo.seed"), ("--tick-ms", "push.tickMilliseconds"),
            ("--fsync", "store.fsync"), ("--tls-cert", "server.tlsCert"), ("--tls-key", "server.tlsKey"), ("--model", "store.model"), ("--snapshot-interval", "store.snapshotIntervalSeconds"),
        ]
        for (flag, path) in flags {
            if let text = options.value(flag) { try configuration.set(path, text: text, source: flag) }
        }
        let watched = options.allValues("--watch")
        if !watched.isEmpty {
            try configuration.set("watch.directories", .array((configuration.strings("watch.directories") + watched).map { .string($0) }), source: "--watch")
        }
        if options.flag("--demo") { try configuration.set("demo.enabled", .bool(true), source: "--demo") }
        return configuration
    }
}
