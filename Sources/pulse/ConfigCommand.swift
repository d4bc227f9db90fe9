import PulseHub

/// `pulse config`: prints every configuration key with its default (the contents of
/// `Config/pulse.json`), or with `--effective` the merged configuration and where each value
/// came from.
enum ConfigCommand: PulseCommand {
    static let name = "config"
    static let summary = "print the default configuration, or the effective one with --effective"
    static let help = """
        usage: pulse config [--effective [--config FILE] [pulse serve's configuration flags]]

        Without options: every configuration key with its default and documentation, as JSON
        (the contents of Config/pulse.json).

        --effective: the configuration `pulse serve` would run with given the same --config file,
        PULSE_<SECTION>_<KEY> environment variables (e.g. PULSE_SERVER_PORT=9000) and flags
        (--port, --host, --data-dir, --log-level, ...; see `pulse serve --help`), as JSON: each key
        as {"value": V, "from": "default" | the file | the variable | the flag}. Token and secret
        values are not printed, only whether they are set. A bad value fails as `pulse serve` would.
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ServeConfiguration.valueOptions,
                                             flagOptions: ["--effective", "--demo"])
        guard options.positionals.isEmpty else { throw UsageError("unexpected argument '\(options.positionals[0])'") }
        guard options.flag("--effective") else {
            guard arguments.isEmpty else { throw UsageError("configuration options need --effective") }
            print(ConfigSchema.defaultsDocument(), terminator: "")
            return ExitCode.success
        }
        do {
            print(ConfigSchema.effectiveDocument(try ServeConfiguration.load(options)), terminator: "")
        } catch let invalid as PulseConfiguration.Invalid {
            printError("pulse config: bad configuration: \(invalid)")
            return ExitCode.usage
        }
        return ExitCode.success
    }
}
