import ArgumentParser

/// `capstan-bench proxy`: the counting proxy, until terminated.
struct ProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "proxy", abstract: "Count Engine API requests on a unix-socket proxy.")

    @Option(help: "The socket to listen on.") var listen: String
    @Option(help: "The engine's socket.") var engine: String
    @Option(help: "Where to write the counts (JSON).") var counts: String

    func run() async throws {
        try await CountingProxy(listenPath: listen, enginePath: engine, countsPath: counts).run()
    }
}
