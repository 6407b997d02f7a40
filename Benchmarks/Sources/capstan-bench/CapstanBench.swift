import ArgumentParser

/// The load generator of Capstan's benchmark suite: one subcommand per scenario, each printing one
/// JSON result line (see ``ScenarioResult``); `scripts/bench` runs them and aggregates.
@main
struct CapstanBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capstan-bench",
        abstract: "Load generator and measuring tools for Capstan's benchmark suite.",
        subcommands: [
            ProxyCommand.self, StateCommand.self, LogsCommand.self, ConnectionsCommand.self, StatsCommand.self,
            FootprintCommand.self, FanoutServerCommand.self, StateFloorCommand.self, KernelFloorCommand.self,
        ]
    )
}
