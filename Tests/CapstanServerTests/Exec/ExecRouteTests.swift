import CapstanServer
import CapstanStore
import CapstanWire
import DockerEngine
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOWebSocket
import Testing

@Suite("The exec terminal WebSocket against the real engine")
struct ExecRouteTests {
    /// Idles, exits at once on SIGTERM, and first installs a `/bin/bash` (a script running busybox `sh`) so
    /// the default-shell probe has a bash to prefer.
    static let withBash = #"printf '#!/bin/sh\nexec /bin/sh "$@"\n' > /bin/bash && chmod +x /bin/bash && echo ready && "#
        + idleScript

    @Test func anInteractiveShellIsTypedIntoResizedInterruptedAndExitedWithItsCode() async throws {
        try await withLiveServer { server in
            let container = try await server.runContainer("exec-tty", script: Self.withBash)
            try await waitForBash(server, container: container.id)
            let url = server.terminalURL(container.name, ["cols": "101", "rows": "33"])
            try await withTerminal(url) { terminal in
                let started = try await terminal.started()
                #expect(started.command == ["/bin/bash"])
                #expect(started.tty)

                terminal.type("echo hello-$((1+2))\n")
                try await terminal.expect("hello-3\r\n")
                terminal.type("stty size\n")
                try await terminal.expect("33 101\r\n")

                terminal.send(.resize(TerminalSize(cols: 90, rows: 20)))
                terminal.type("stty size\n")
                try await terminal.expect("20 90\r\n")

                terminal.type("sleep 30\n")
                try await waitForProcess(server, container: container.id, "sleep 30", running: true)
                let interrupted = ContinuousClock.now
                terminal.send([0x03])
                terminal.type("echo back-$((4+5))\n")
                try await terminal.expect("back-9\r\n")
                #expect(ContinuousClock.now - interrupted < .seconds(10), "the prompt came back only after the sleep ended")

                terminal.type("exit 5\n")
                let close = try await terminal.closed()
                #expect(close?.closeCode == .normalClosure)
                #expect(terminal.messages.last == .exit(TerminalExit(code: 5)))
                #expect(try await server.docker.inspectExec(started.execId).exitCode == 5)
            }
        }
    }

    @Test func withoutATTYStdoutAndStderrArriveApartAndStdinCloses() async throws {
        try await withLiveServer { server in
            let container = try await server.runContainer("exec-pipe")
            let script = "read x; echo got:$x; echo err >&2; exit 7"
            let url = server.terminalURL(container.id, ["tty": "0"], command: ["sh", "-c", script])
            try await withTerminal(url) { terminal in
                let started = try await terminal.started()
                #expect(started.command == ["sh", "-c", script])
                #expect(!started.tty)
                terminal.type("ping\n")
                terminal.send(.closeStdin)
                let close = try await terminal.closed()
                #expect(close?.closeCode == .normalClosure)
                #expect(terminal.output == "got:ping\n")
                #expect(terminal.stderr == "err\n")
                #expect(terminal.messages.last == .exit(TerminalExit(code: 7)))
            }
        }
    }

    @Test func userWorkingDirectoryAndAMissingProgram() async throws {
        try await withLiveServer { server in
            let container = try await server.runContainer("exec-opts")
            let url = server.terminalURL(
                container.name, ["tty": "0", "stdin": "0", "user": "65534:65534", "workdir": "/bin"],
                command: ["sh", "-c", "id -u; id -g; pwd"]
            )
            try await withTerminal(url) { terminal in
                try await terminal.closed()
                #expect(terminal.output == "65534\n65534\n/bin\n")
                #expect(terminal.messages.last == .exit(TerminalExit(code: 0)))
            }
            try await withTerminal(server.terminalURL(container.name, [:], command: ["/no/such/program"])) { terminal in
                try await terminal.closed()
                guard case .exit(let exit)? = terminal.messages.last else {
                    Issue.record("no exit message: \(terminal.messages)")
                    return
                }
                #expect(exit.code == 126 || exit.code == 127, "\(terminal.output)")
            }
        }
    }

    @Test func refusalsAreHTTPErrorsBeforeTheUpgrade() async throws {
        try await withLiveServer { server in
            let running = try await server.runContainer("exec-refuse")
            let stopped = try await server.createContainer("exec-stopped")
            let path = { (container: String) in "/api/v1/engines/local/containers/\(container)/exec" }
            expectError(try await server.http.send(.get, "/api/v1/engines/nope/containers/x/exec"), .notFound, code: "not_found")
            expectError(try await server.http.send(.get, path("capstan-no-such-container")), .notFound, code: "not_found")
            expectError(try await server.http.send(.get, path(stopped.id)), .conflict, code: "conflict")
            expectError(try await server.http.send(.get, path("bad%2Fname")), .badRequest, code: "bad_request", field: "container")
            let bad: [(KeyValuePairs<String, String>, String)] = [
                (["cols": "0", "rows": "20"], "cols"), (["cols": "80"], "rows"), (["rows": "x"], "rows"),
                (["workdir": "relative"], "workdir"), (["user": "a b"], "user"), (["tty": "maybe"], "tty"),
                (["cmd": ""], "cmd"),
            ]
            for (query, field) in bad {
                expectError(try await server.http.send(.get, path(running.id), query: query), .badRequest, code: "bad_request", field: field)
            }
            // A WebSocket client is refused the upgrade too, and nothing was created in the container.
            try await withTerminal(server.terminalURL(stopped.id, [:])) { terminal in
                await #expect(throws: TerminalTestFailure.self) { try await terminal.started(timeout: .seconds(10)) }
            }
        }
    }

    @Test func onlyAdminsGetATerminalAndEverySessionIsAudited() async throws {
        try await withLiveServer { server in
            let container = try await server.runContainer("exec-auth")
            let path = "/api/v1/engines/local/containers/\(container.id)/exec"
            for role in [Role.viewer, .operator] {
                let refused = try await TestToken.$current.withValue(server.auth.tokens[role]) {
                    try await server.http.send(.get, path)
                }
                expectError(refused, .forbidden, code: "forbidden")
                let url = server.terminalURL(container.id, [:]).replacingOccurrences(
                    of: "token=\(server.auth.adminToken)", with: "token=\(server.auth.tokens[role]!)"
                )
                try await withTerminal(url) { terminal in
                    await #expect(throws: TerminalTestFailure.self) { try await terminal.started(timeout: .seconds(10)) }
                }
            }
            let anonymous = try await TestToken.$current.withValue(nil) { try await server.http.send(.get, path) }
            expectError(anonymous, .unauthorized, code: "unauthorized")
            // Nothing ran for them.
            #expect(try await server.auth.store.audit.query(AuditQuery(action: "exec.start")).entries.isEmpty)

            let started = try await withTerminal(server.terminalURL(container.id, ["workdir": "/bin"])) { terminal in
                let started = try await terminal.started()
                terminal.type("exit 4\n")
                try await terminal.closed()
                #expect(terminal.messages.last == .exit(TerminalExit(code: 4)))
                return started
            }
            let start = try #require(try await server.auth.store.audit.query(AuditQuery(action: "exec.start")).entries.first)
            #expect(start.user == "test-admin")
            #expect(start.result == .success)
            #expect(start.engine == "local")
            #expect(start.objectID == container.id)
            #expect(start.parameters["command"] == #"["/bin/sh"]"#)
            #expect(start.parameters["workdir"] == "/bin")
            #expect(start.parameters["exec"] == started.execId)
            let end = try await eventually("the audited end") {
                try await server.auth.store.audit.query(AuditQuery(action: "exec.end")).entries.first
            }
            #expect(end.parameters["exitCode"] == "4")
            #expect(end.parameters["reason"] == "exited")
            #expect(end.parameters["exec"] == started.execId)
            #expect(end.user == "test-admin")
        }
    }

    @Test(arguments: ["address", "user"])
    func sessionsAreLimitedAndTheSlotIsGivenBack(per limit: String) async throws {
        try await withLiveServer(configure: {
            if limit == "address" { $0.exec.maxSessionsPerAddress = 1 } else { $0.exec.maxSessionsPerUser = 1 }
        }) { server in
            let container = try await server.runContainer("exec-limit")
            let url = server.terminalURL(container.id, [:])
            try await withTerminal(url) { first in
                #expect(try await first.started().command == ["/bin/sh"])
                let refused = try await server.http.send(.get, "/api/v1/engines/local/containers/\(container.id)/exec")
                let error = expectError(refused, .tooManyRequests, code: "limit_reached")
                #expect(error?.message.hasSuffix(limit == "address" ? "per client address" : "per user") == true, "\(String(describing: error))")
                try await withTerminal(url) { second in
                    await #expect(throws: TerminalTestFailure.self) { try await second.started(timeout: .seconds(10)) }
                }
                first.type("exit\n")
                try await first.closed()
            }
            // The slot came back with the first session's end.
            try await withTerminal(url) { third in
                _ = try await third.started()
                third.type("exit 3\n")
                try await third.closed()
                #expect(third.messages.last == .exit(TerminalExit(code: 3)))
            }
        }
    }

    @Test func anIdleSessionIsClosedAndItsShellEnds() async throws {
        try await withLiveServer(configure: { $0.exec.idleTimeout = .seconds(1) }) { server in
            let container = try await server.runContainer("exec-idle")
            try await withTerminal(server.terminalURL(container.id, [:])) { terminal in
                let started = try await terminal.started()
                let close = try await terminal.closed(timeout: .seconds(30))
                #expect(close?.closeCode == .init(codeNumber: 4000))
                #expect(terminal.messages.contains { if case .error(let error) = $0 { error.code == "idle" && error.fatal } else { false } })
                // Hung up with Ctrl-C, Ctrl-D: the shell exited.
                _ = try await eventually("the idle shell to exit") {
                    try await server.docker.inspectExec(started.execId).running ? nil : true
                }
            }
        }
    }

    @Test func theProcessEndsWhenTheClientGoesAway() async throws {
        try await withLiveServer { server in
            let container = try await server.runContainer("exec-gone")
            try await withTerminal(server.terminalURL(container.id, [:])) { terminal in
                let started = try await terminal.started()
                terminal.type("sleep 1234\n")
                try await waitForProcess(server, container: container.id, "sleep 1234", running: true)
                terminal.disconnect()
                try await terminal.closed()
                // Ctrl-C ends the foreground sleep, Ctrl-D the shell.
                try await waitForProcess(server, container: container.id, "sleep 1234", running: false)
                _ = try await eventually("the shell to exit") {
                    try await server.docker.inspectExec(started.execId).running ? nil : true
                }
            }
        }
    }
}

extension LiveServer {
    /// `ws://…/api/v1/engines/local/containers/{container}/exec?…`, one `cmd` per argument, signed in like the
    /// live path's ``url`` (its `token`, when the application requires one).
    func terminalURL(_ container: String, _ query: [String: String], command: [String] = []) -> String {
        let token = URLComponents(string: url)?.queryItems?.first { $0.name == "token" }?.value
        let items = command.map { ("cmd", $0) } + query.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            + (token.map { [("token", $0)] } ?? [])
        let encoded = items.map { "\($0)=\(encodeQuery($1))" }.joined(separator: "&")
        return "ws://127.0.0.1:\(port)/api/v1/" + TerminalPath.exec(engine: "local", container: container)
            + (encoded.isEmpty ? "" : "?" + encoded)
    }
}

private func encodeQuery(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

/// Runs `body` with a connected terminal client; it disconnects (if still connected) when `body` returns.
@discardableResult
func withTerminal<T: Sendable>(_ url: String, _ body: @Sendable (TerminalTestClient) async throws -> T) async throws -> T {
    let terminal = TerminalTestClient(url: url)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await terminal.run() }
        do {
            let value = try await body(terminal)
            terminal.disconnect()
            try await group.waitForAll()
            return value
        } catch {
            terminal.disconnect()
            group.cancelAll()
            throw error
        }
    }
}

/// Waits until a process with exactly this command line runs (or no longer runs) in the container.
private func waitForProcess(_ server: LiveServer, container: String, _ commandLine: String, running: Bool) async throws {
    _ = try await eventually("'\(commandLine)' \(running ? "running" : "gone")") {
        let probe = try await server.docker.runExec(
            container: container, command: ["sh", "-c", "ps -o args | grep -qx '\(commandLine)'"]
        )
        return (probe.exitCode == 0) == running ? true : nil
    }
}

/// Waits until the container's start script has installed `/bin/bash`.
private func waitForBash(_ server: LiveServer, container: String) async throws {
    _ = try await eventually("/bin/bash in the container") {
        try await server.docker.runExec(container: container, command: ["test", "-x", "/bin/bash"]).exitCode == 0 ? true : nil
    }
}
