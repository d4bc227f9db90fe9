import Dispatch
import Foundation
import PulseAnalytics
import PulseHub
import PulseService

/// `pulse serve`: runs the hub until SIGINT or SIGTERM, then drains and exits 0.
enum ServeCommand: PulseCommand {
    static let name = "serve"
    static let summary = "run the hub: HTTP ingest, WebSocket push, dashboard"
    static let help = """
        usage: pulse serve [OPTIONS]

        Runs the hub. The first log line says `listening on http://HOST:PORT`.
        SIGINT/SIGTERM, in this order: stop accepting connections, finish requests in flight, close
        WebSockets with 1001, write a final snapshot, exit 0 (exit 1 when a part of the hub failed).
        `pulse config --effective` shows the configuration these options produce.

        options:
          --config FILE      configuration file (JSON, see Config/pulse.json); PULSE_* variables and
                             the flags below override it
          --host H           address to bind (server.host, default 127.0.0.1)
          --port P           port to bind; 0 picks a free one (server.port, default 8080)
          --threads N        service threads, each an event loop on the same port (server.threads;
                             default 0 = one per core)
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
          --log-level L      debug | info | warn | error: least severe level logged (log.level, default info)
          --log-format F     text | json: one readable line, or one JSON object, per event on standard
                             error (log.format, default text)
          --cluster URL      cluster mode: share one live state with the other nodes on this Redis,
                             redis://HOST[:PORT][/DB] (cluster.redis; default empty = a single node)
          --node NAME        this node's name, unique in the cluster (cluster.node; default HOSTNAME-PID)
          --cluster-name N   which cluster on that Redis (cluster.name, default pulse)
          --insecure         allow binding a non-loopback address with no tokens configured (an open hub)
          --help             this text
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ServeConfiguration.valueOptions.union(["--web-root"]),
                                             flagOptions: ["--demo", "--insecure"])
        guard options.positionals.isEmpty else { throw UsageError("unexpected argument '\(options.positionals[0])'") }
        let configuration: PulseConfiguration
        do {
            configuration = try ServeConfiguration.load(options)
        } catch {
            printError("pulse serve: bad configuration: \(error)")
            return ExitCode.usage
        }
        Log.configure(level: configuration.log.level, format: configuration.log.format)
        let log = Log.logger.child("serve")
        if let refusal = ExposureCheck.refusal(configuration, insecure: options.flag("--insecure")) {
            printError("pulse serve: \(refusal)")
            return ExitCode.usage
        }
        let resources: PulseService.Resources
        do {
            resources = try loadResources(configuration, webRoot: options.value("--web-root"))
        } catch {
            printError("pulse serve: \(error)")
            return ExitCode.failure
        }
        let service: PulseService
        do {
            service = try PulseService(configuration: configuration, resources: resources, logger: Log.logger)
        } catch {
            printError("pulse serve: \(error)")
            return ExitCode.failure
        }
        let host = configuration.server.host
        let scheme = configuration.server.tlsCert.isEmpty ? "http" : "https"
        log.info("listening on \(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(service.server.port)")
        if let warning = ExposureCheck.limitsWarning(configuration) { log.warn(warning) }
        if let model = resources.model {
            log.info("engagement model loaded", ["target": model.target, "features": model.report.features.joined(separator: ","),
                                                  "test_r2": model.report.test.r2.map { String(format: "%.3f", $0) } ?? "n/a"])
        }
        if configuration.demo.enabled {
            log.info("demo feed on", ["rate": String(configuration.demo.rate), "seed": String(configuration.demo.seed)])
        }
        let signals = SignalHandler(signals: [SIGINT, SIGTERM]) { signal in
            log.info("received signal \(signal); shutting down")
            service.shutdown()
        }
        defer { signals.cancel() }
        do {
            try await service.run()
        } catch {
            log.error("stopped after a failure", ["error": "\(error)"])
            return ExitCode.failure
        }
        log.info("stopped")
        return ExitCode.success
    }

    /// The dashboard directory, the VADER lexicons, the OpenAPI document and the engagement model.
    static func loadResources(_ configuration: PulseConfiguration, webRoot: String?) throws -> PulseService.Resources {
        guard let root = ResourceLocator.directory(named: "WebClient", override: webRoot, environment: "PULSE_WEB_ROOT",
                                                   containing: "index.html") else {
            throw UsageError("cannot find the dashboard directory WebClient/ (use --web-root DIR)")
        }
        let configDirectory = try ConfigDirectory.locate()
        let sentiment = try SentimentLexiconFiles.load(directory: configDirectory)
        let openAPIPath = configDirectory.appendingPathComponent("openapi.json").path
        guard let openAPI = FileManager.default.contents(atPath: openAPIPath) else {
            throw UsageError("cannot read \(openAPIPath) (the OpenAPI document served at /api/openapi.json)")
        }
        return PulseService.Resources(webRoot: root, sentiment: sentiment, model: try loadModel(configuration),
                                      openAPIDocument: Array(openAPI))
    }

    /// The engagement model named by `store.model` (see its documentation in Config/pulse.json).
    static func loadModel(_ configuration: PulseConfiguration) throws -> EngagementModel? {
        var path = configuration.store.model
        if path == "none" { return nil }
        if path == "auto" {
            let trained = URL(fileURLWithPath: configuration.store.dataDir).appendingPathComponent("engagement-model.json").path
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
}
