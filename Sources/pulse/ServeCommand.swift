/// `pulse serve`: runs the hub (placeholder until the server lands).
enum ServeCommand: PulseCommand {
    static let name = "serve"
    static let summary = "run the hub"
    static let help = "usage: pulse serve"
    static func run(_ arguments: [String]) async throws -> Int32 { ExitCode.failure }
}
