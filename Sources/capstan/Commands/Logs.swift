import ArgumentParser
import CapstanWire

/// `capstan logs NAME`: the last lines of a container's log.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a container's recent log lines.")

    @OptionGroup var options: ServerOptions

    @Option(name: .shortAndLong, help: "How many lines from the end.")
    var tail: Int = 100

    @Flag(name: .shortAndLong, help: "Show timestamps.")
    var timestamps = false

    @Argument(help: "Container name or id.")
    var container: String

    func run() async throws {
        let logs = try await options.client.get(
            "/api/v1/engines/\(options.engine)/containers/\(container)/logs?tail=\(tail)", as: LogsView.self
        )
        for line in logs.lines {
            let text = timestamps ? "\(line.ts ?? "-") \(line.text)" : line.text
            if line.stream == "stderr" {
                var standardError = StandardError()
                print(text, to: &standardError)
            } else {
                print(text)
            }
        }
    }
}

/// Standard error as a `TextOutputStream`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleBox.write(string)
    }
}
