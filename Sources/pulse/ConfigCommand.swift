import PulseHub

/// `pulse config`: prints every configuration key with its default, as `Config/pulse.json`.
enum ConfigCommand: PulseCommand {
    static let name = "config"
    static let summary = "print the default configuration (the contents of Config/pulse.json)"
    static let help = """
        usage: pulse config

        Prints every configuration key with its default and documentation, as JSON.
        Environment variables are named PULSE_<SECTION>_<KEY>, e.g. PULSE_SERVER_PORT=9000.
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        _ = try CommandLineOptions(arguments, valueOptions: [])
        print(ConfigSchema.defaultsDocument(), terminator: "")
        return ExitCode.success
    }
}
