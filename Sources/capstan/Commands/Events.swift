import ArgumentParser
import CapstanWire
import Foundation

/// `capstan events`: the live engine events feed.
struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print engine events as they happen.")

    @OptionGroup var options: ServerOptions

    @Option(help: "Only this object type (container, image, network, volume); repeatable.")
    var type: [String] = []

    @Option(help: "Only actions starting with this (start, die, health_status, …); repeatable.")
    var action: [String] = []

    @Flag(help: "Include healthcheck exec events.")
    var includeExec = false

    func run() async throws {
        let request = SubscribeEvents(
            id: "events", engine: options.engine, types: type.isEmpty ? nil : type, actions: action.isEmpty ? nil : action,
            includeExec: includeExec
        )
        try await options.live.run([.subscribeEvents(request)]) { message in
            switch message {
            case .event(let event):
                let time = Date(timeIntervalSince1970: Double(event.timeNano) / 1e9)
                let name = event.name.map { " (\($0))" } ?? ""
                let line = "\(time.formatted(.iso8601)) \(event.engine) \(event.objectType) \(event.action) \(event.objectID.prefix(12))\(name)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
                return true
            case .engineStatus(let status):
                FileHandle.standardError.write(Data("engine \(status.engine) is \(status.status)\(status.error.map { ": \($0)" } ?? "")\n".utf8))
                return true
            case .error(let error) where error.id == "events":
                throw CLIError(error.message)
            default:
                return true
            }
        }
    }
}
