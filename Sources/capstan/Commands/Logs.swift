import ArgumentParser
import CapstanWire
import Foundation
import Synchronization

/// `capstan logs [-f] [--tail N] [--grep RE] NAME…`: history, then (with -f) live lines.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print containers' log lines; -f follows them live.")

    @OptionGroup var options: ServerOptions

    @Flag(name: .shortAndLong, help: "Keep printing new lines.")
    var follow = false

    @Option(name: [.customShort("n"), .long], help: "Lines of history per container.")
    var tail: Int = 100

    @Option(help: "Only lines matching this regular expression (filtered on the server).")
    var grep: String?

    @Flag(name: .shortAndLong, help: "Show timestamps.")
    var timestamps = false

    @Argument(help: "Container names or ids.")
    var containers: [String]

    func validate() throws {
        guard !containers.isEmpty else { throw ValidationError("name at least one container") }
        guard tail >= 0 else { throw ValidationError("--tail must be 0 or more") }
    }

    func run() async throws {
        let prefix = containers.count > 1
        let ended = Mutex(Set<String>())
        let failure = Mutex<String?>(nil)
        let total = containers.count
        let follow = self.follow
        let timestamps = self.timestamps
        let request = SubscribeLogs(id: "logs", containers: containers, tail: tail, regex: grep)
        try await options.live.run([.subscribeLogs(request)]) { message in
            switch message {
            case .logSnapshot(let batch), .newLogs(let batch):
                Self.print(batch.lines, prefix: prefix, timestamps: timestamps)
                return true
            case .logGap(let gap):
                FileHandle.standardError.write(Data("… \(gap.missed) lines skipped (the terminal read too slowly)\n".utf8))
                return true
            case .logEnd(let end):
                let count = ended.withLock { $0.insert(end.container); return $0.count }
                return count < total
            case .ok:
                return follow
            case .error(let error):
                failure.withLock { $0 = error.message }
                return false
            default:
                return true
            }
        }
        if let failure = failure.withLock({ $0 }) { throw CLIError(failure) }
    }

    private static func print(_ lines: [LiveLogLine], prefix: Bool, timestamps: Bool) {
        var out = ""
        for line in lines {
            if prefix { out += "\(line.name ?? line.container) | " }
            if timestamps { out += "\(line.ts ?? "-") " }
            out += line.text + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
