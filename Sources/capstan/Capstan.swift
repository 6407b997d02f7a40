import ArgumentParser

/// The `capstan` command: the server and the tools that talk to it.
@main
struct Capstan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capstan",
        abstract: "A real-time control platform for Docker engines.",
        subcommands: [Serve.self, UserCommand.self, AuditCommand.self, Login.self, Engines.self, PS.self, Logs.self, Events.self, Exec.self],
        defaultSubcommand: nil
    )
}
