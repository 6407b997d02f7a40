import ArgumentParser
import CapstanWire
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `capstan exec [-i] [-t] [--engine E] CONTAINER [-- CMD…]`: runs a command in a container through the
/// server's terminal WebSocket, like `docker exec`.
///
/// With `-t` the remote side gets a TTY and, when `-i` is given and stdin is a terminal, the local terminal is
/// put in raw mode (restored on every way out) and its size follows the window (SIGWINCH). The exit code is
/// the remote command's.
struct Exec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a command in a running container (default: its shell).",
        discussion: "Examples: capstan exec -it web   ·   capstan exec -i web -- sh -c 'cat > /tmp/x' < file"
    )

    @OptionGroup var options: ServerOptions

    @Flag(name: .shortAndLong, help: "Send standard input to the command.")
    var interactive = false

    @Flag(name: .shortAndLong, help: "Give the command a terminal (a TTY).")
    var tty = false

    @Option(name: .shortAndLong, help: "Run as this user (name or uid, optionally :group).")
    var user: String?

    @Option(name: .shortAndLong, help: "Run in this directory (absolute).")
    var workdir: String?

    @Argument(help: "The container's name or id.")
    var container: String

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after '--' (default: the container's shell).")
    var command: [String] = []

    func validate() throws {
        if interactive && tty && !RawTerminal.isTerminal(STDIN_FILENO) {
            throw ValidationError("the input device is not a TTY: drop -t, or run from a terminal")
        }
    }

    func run() async throws {
        let engine = try await engineName()
        let raw = interactive && tty ? try RawTerminal.enable() : nil
        defer { raw?.restore() }
        let outcome = try await SignalEvents.with([SIGWINCH, SIGTERM, SIGHUP, SIGINT]) { signals in
            try await TerminalClient(
                url: try terminalURL(engine: engine), token: options.accessToken, interactive: interactive, tty: tty
            ).run(signals: signals)
        }
        raw?.restore()
        switch outcome {
        case .exited(let code?):
            if code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
        case .exited(nil):
            throw CLIError("the command ended, but the engine did not report its exit code")
        case .failed(let message):
            throw CLIError(message)
        case .signalled(let number):
            throw ExitCode(128 + number)
        }
    }

    /// `--engine`, or the server's first engine.
    private func engineName() async throws -> String {
        if let engine = options.engine { return engine }
        guard let first = try await options.client.get("/api/v1/engines", as: [EngineView].self).first else {
            throw CLIError("the server watches no engine")
        }
        return first.name
    }

    /// `ws://server/api/v1/engines/E/containers/C/exec?cmd=…&tty=…&stdin=…&cols=…&rows=…`.
    private func terminalURL(engine: String) throws -> String {
        var base = options.server.hasSuffix("/") ? String(options.server.dropLast()) : options.server
        if base.hasPrefix("https://") { base = "wss://" + base.dropFirst("https://".count) }
        if base.hasPrefix("http://") { base = "ws://" + base.dropFirst("http://".count) }
        if !base.hasPrefix("ws://") && !base.hasPrefix("wss://") { base = "ws://" + base }
        var query: [(String, String)] = command.map { ("cmd", $0) }
        query.append(("tty", tty ? "1" : "0"))
        query.append(("stdin", interactive ? "1" : "0"))
        if let user { query.append(("user", user)) }
        if let workdir { query.append(("workdir", workdir)) }
        if tty, let size = RawTerminal.size() {
            query.append(("cols", String(size.cols)))
            query.append(("rows", String(size.rows)))
        }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        let path = "/api/v1/" + TerminalPath.exec(engine: encode(engine), container: encode(container))
        return base + path + "?" + query.map { "\($0)=\(encode($1))" }.joined(separator: "&")
    }
}
