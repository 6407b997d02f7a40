import ArgumentParser
import CapstanWire

/// `capstan engines`: the engines the server watches and whether they are up.
struct Engines: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the engines the server watches.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let engines = try await options.client.get("/api/v1/engines", as: [EngineView].self)
        for engine in engines {
            print("\(engine.name)\t\(engine.status)\t\(engine.host)\(engine.error.map { "\t\($0)" } ?? "")")
        }
    }
}
