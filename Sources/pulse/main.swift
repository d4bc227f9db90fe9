import Foundation

/// Every subcommand, in the order `pulse --help` lists them.
let commands: [any PulseCommand.Type] = [
    ServeCommand.self,
    AnalyzeCommand.self,
    EvalSentimentCommand.self,
    ConfigCommand.self,
    SubscribeCommand.self,
    PostCommand.self,
    ClusterCommand.self,
    TrainCommand.self,
    PredictCommand.self,
    DemoCommand.self,
]

/// Developer commands: run like the others, not listed by `pulse --help`.
let hiddenCommands: [any PulseCommand.Type] = [
    BenchWALCommand.self,
    WALCrashWriterCommand.self,
    BenchClusteringCommand.self,
    FuzzCommand.self,
]

@MainActor func topLevelHelp() -> String {
    var text = "pulse: a self-hosted real-time social-media analytics hub\n\nusage: pulse COMMAND [OPTIONS]\n\ncommands:\n"
    for command in commands {
        text += "  " + command.name.padding(toLength: 16, withPad: " ", startingAt: 0) + command.summary + "\n"
    }
    text += "\n'pulse COMMAND --help' lists a command's options."
    return text
}

let words = Array(CommandLine.arguments.dropFirst())
guard let commandName = words.first, commandName != "--help", commandName != "-h", commandName != "help" else {
    print(topLevelHelp())
    exit(words.isEmpty ? ExitCode.usage : ExitCode.success)
}
guard let command = (commands + hiddenCommands).first(where: { $0.name == commandName }) else {
    printError("pulse: unknown command '\(commandName)'\n\n" + topLevelHelp())
    exit(ExitCode.usage)
}
let rest = Array(words.dropFirst())
if rest.contains("--help") || rest.contains("-h") {
    print(command.help)
    exit(ExitCode.success)
}
do {
    exit(try await command.run(rest))
} catch let error as UsageError {
    printError("pulse \(command.name): \(error.description)\n(see 'pulse \(command.name) --help')")
    exit(ExitCode.usage)
} catch {
    printError("pulse \(command.name): \(error)")
    exit(ExitCode.failure)
}
