import CapstanServer
import CapstanWire
import Foundation
import Testing

/// `capstan exec` as a user runs it: through a real server to a real container, with the remote exit code
/// as its own, standard input passed on, and clear errors.
@Suite("capstan exec through the server")
struct ExecCommandTests {
    @Test func outputStreamsInputAndTheExitCodeComeThrough() async throws {
        try await withLiveServer { server in
            let container = try await server.runContainer("cli-exec")
            let signIn = ["--url", "http://127.0.0.1:\(server.port)", "--token", server.auth.adminToken]

            let plain = try await CapstanCommand.run(["exec"] + signIn + [container.name, "--", "sh", "-c", "echo to-out; echo to-err >&2; exit 3"])
            #expect(plain.status == 3, "\(plain.errors)")
            #expect(plain.output == "to-out\n")
            #expect(plain.errors.contains("to-err"))

            let piped = try await CapstanCommand.run(
                ["exec", "-i"] + signIn + [container.name, "--", "sh", "-c", "tr a-z A-Z; echo done"], input: "hello from stdin\n"
            )
            #expect(piped.status == 0, "\(piped.errors)")
            #expect(piped.output == "HELLO FROM STDIN\ndone\n")

            // A TTY asked for without a terminal is refused up front, saying why.
            let noTTY = try await CapstanCommand.run(["exec", "-it"] + signIn + [container.name])
            #expect(noTTY.status != 0)
            #expect(noTTY.errors.contains("not a TTY"))

            // -t without -i: the remote side has a terminal (its output is the TTY's).
            let tty = try await CapstanCommand.run(["exec", "-t"] + signIn + [container.name, "--", "sh", "-c", "test -t 1 && echo has-a-tty"])
            #expect(tty.status == 0, "\(tty.errors)")
            #expect(tty.output.contains("has-a-tty"))
        }
    }

    @Test func refusalsAreSentences() async throws {
        try await withLiveServer { server in
            let container = try await server.runContainer("cli-exec-refused")
            let url = ["--url", "http://127.0.0.1:\(server.port)"]
            let viewer = try await CapstanCommand.run(["exec"] + url + ["--token", server.auth.tokens[.viewer]!, container.name, "--", "true"])
            #expect(viewer.status != 0)
            #expect(viewer.errors.contains("admin"), "\(viewer.errors)")
            let missing = try await CapstanCommand.run(["exec"] + url + ["--token", server.auth.adminToken, "no-such-container-here", "--", "true"])
            #expect(missing.status != 0)
            #expect(missing.errors.contains("no-such-container-here"), "\(missing.errors)")
            let unsigned = try await CapstanCommand.run(["exec"] + url + [container.name, "--", "true"])
            #expect(unsigned.status != 0)
            #expect(unsigned.errors.lowercased().contains("sign in") || unsigned.errors.contains("token"), "\(unsigned.errors)")
            let noServer = try await CapstanCommand.run(["exec", "--url", "http://127.0.0.1:1", "--token", "x", container.name, "--", "true"])
            #expect(noServer.status != 0)
            #expect(noServer.errors.contains("127.0.0.1:1"), "\(noServer.errors)")
        }
    }
}
