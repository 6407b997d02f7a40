import ArgumentParser
import CapstanWire
import Synchronization

/// `capstan ps`: the live container list, once, like `docker ps -a`.
struct PS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List containers (every engine unless --engine).")

    @OptionGroup var options: ServerOptions

    @Flag(name: .shortAndLong, help: "Only running containers.")
    var running = false

    func run() async throws {
        let collected = Mutex<[ContainerView]>([])
        let failure = Mutex<String?>(nil)
        try await options.live.run([.subscribeContainers(SubscribeContainers(id: "ps", engine: options.engine))]) { message in
            switch message {
            case .initialState(let state):
                collected.withLock { $0.append(contentsOf: state.containers ?? []) }
                return true
            case .ok:
                return false
            case .error(let error) where error.id == "ps":
                failure.withLock { $0 = error.message }
                return false
            default:
                return true
            }
        }
        if let failure = failure.withLock({ $0 }) { throw CLIError(failure) }
        let containers = collected.withLock { $0 }.filter { !running || $0.state == "running" }
        let rows = [["ENGINE", "ID", "NAME", "IMAGE", "STATE", "STATUS", "PROJECT"]]
            + containers.map {
                [$0.engine, String($0.id.prefix(12)), $0.name, $0.image, $0.state, $0.status, $0.composeProject ?? ""]
            }
        let widths = (0..<7).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }
}
