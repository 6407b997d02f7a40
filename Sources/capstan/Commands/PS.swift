import ArgumentParser
import CapstanWire

/// `capstan ps`: the container list, like `docker ps -a`.
struct PS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List containers.")

    @OptionGroup var options: ServerOptions

    @Flag(name: .shortAndLong, help: "Only running containers.")
    var running = false

    func run() async throws {
        let containers = try await options.client.get(
            "/api/v1/engines/\(options.engine)/containers?all=\(running ? "0" : "1")", as: [ContainerView].self
        )
        let rows = [["ID", "NAME", "IMAGE", "STATE", "STATUS", "PROJECT"]]
            + containers.map { [String($0.id.prefix(12)), $0.name, $0.image, $0.state, $0.status, $0.composeProject ?? ""] }
        let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }
}
