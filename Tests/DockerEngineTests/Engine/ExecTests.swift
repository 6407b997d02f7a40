@testable import DockerEngine
import Foundation
import NIOCore
import Testing

@Suite("Exec sessions against the real engine")
struct ExecTests {
    private static let readEchoFail = ["sh", "-c", "read x; echo got:$x; echo err >&2; exit 7"]

    @Test func withoutATTYStdinIsWrittenAndClosedAndTheStreamsStayApart() async throws {
        try await withTimeout(.seconds(60), "the non-TTY exec") {
            try await TestEngine.withClient { client in
                try await client.withContainer(trappingSleeper) { container in
                    try await Self.runReadEchoFail(client, container: container)
                }
            }
        }
    }

    /// `read x; echo got:$x; echo err >&2; exit 7` with `ping` on stdin, then EOF.
    static func runReadEchoFail(_ client: DockerClient, container: String) async throws {
        let id = try await client.createExec(
            container: container, command: readEchoFail, stdin: true, env: ["FOO=bar"], workingDir: "/bin"
        )
        let (stdout, stderr) = try await client.withExecSession(id) { session in
            #expect(!session.tty)
            try await session.write("ping\n")
            try await session.closeStdin()
            var stdout = ""
            var stderr = ""
            for try await chunk in session.output {
                switch chunk.stream {
                case .stdout: stdout += chunk.text
                case .stderr: stderr += chunk.text
                case .stdin: Issue.record("the engine echoed stdin: \(chunk.text)")
                }
            }
            return (stdout, stderr)
        }
        #expect(stdout == "got:ping\n")
        #expect(stderr == "err\n")
        #expect(try await client.execExitCode(id) == 7)
        let inspect = try await client.inspectExec(id)
        #expect(!inspect.running)
        #expect(inspect.exitCode == 7)
        #expect(inspect.containerID.hasPrefix(container) || container.hasPrefix(inspect.containerID))
        #expect(inspect.processConfig.entrypoint == "sh")
        #expect(inspect.processConfig.arguments == Array(readEchoFail.dropFirst()))
        #expect(inspect.processConfig.tty == false)
    }

    @Test func environmentUserWorkingDirectoryAndLongOutputAcrossFrames() async throws {
        try await withTimeout(.seconds(60), "the exec") {
            try await TestEngine.withClient { client in
                try await client.withContainer(trappingSleeper) { container in
                    let settings = try await client.runExec(
                        container: container, command: ["sh", "-c", "echo $FOO; pwd; id -u; echo oops >&2; exit 3"],
                        user: "65534", workingDir: "/bin", env: ["FOO=bar"]
                    )
                    #expect(settings == ExecResult(exitCode: 3, stdout: "bar\n/bin\n65534\n", stderr: "oops\n"))

                    // Many frames, split across reads at arbitrary points: all of it, in order.
                    let long = try await client.runExec(container: container, command: ["seq", "1", "50000"])
                    #expect(long.exitCode == 0)
                    #expect(long.stdout == (1...50000).map { "\($0)\n" }.joined())

                    // A missing program: the engine reports it in the stream, and the exit code says so.
                    let missing = try await client.runExec(container: container, command: ["/no/such/program"])
                    #expect(missing.exitCode == 126 || missing.exitCode == 127, "\(missing)")
                }
            }
        }
    }

    @Test func anInteractiveTTYShellIsTypedIntoResizedInterruptedAndExited() async throws {
        try await withTimeout(.seconds(90), "the TTY session") {
            try await TestEngine.withClient { client in
                try await client.withContainer(trappingSleeper) { container in
                    try await Self.runInteractiveShell(client, container: container)
                }
            }
        }
    }

    /// Types into an interactive `sh`: arithmetic, `stty size` after a resize, Ctrl-C on a foreground
    /// `sleep 30`, then `exit 5`.
    static func runInteractiveShell(_ client: DockerClient, container: String) async throws {
        let id = try await client.createExec(container: container, command: ["sh"], tty: true, stdin: true)
        let transcript = TerminalTranscript()
        try await client.withExecSession(id) { session in
            #expect(session.tty)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { transcript.finish() }
                    for try await chunk in session.output {
                        #expect(chunk.stream == .stdout)
                        transcript.append(chunk.text)
                    }
                }
                try await session.resize(rows: 33, cols: 101)

                try await session.write("echo hello-$((1+2))\n")
                try await transcript.expect("hello-3\r\n")

                try await session.write("stty size\n")
                try await transcript.expect("33 101\r\n")

                try await session.write("sleep 30\n")
                // Ctrl-C must reach the sleep, not a shell that has not started it yet: wait until it runs.
                try await waitUntil("the foreground sleep runs", timeout: .seconds(15)) {
                    try await client.runExec(container: container, command: ["sh", "-c", "ps -o args | grep -qx 'sleep 30'"])
                        .exitCode == 0
                }
                let interrupted = ContinuousClock.now
                try await session.write([0x03])
                try await session.write("echo back-$((4+5))\n")
                try await transcript.expect("back-9\r\n", timeout: .seconds(20))
                #expect(ContinuousClock.now - interrupted < .seconds(10), "the prompt came back only after the sleep ended")
                let sleeping = try await client.runExec(
                    container: container, command: ["sh", "-c", "ps -o args | grep -cx 'sleep 30'"]
                )
                #expect(sleeping.stdout == "0\n")

                try await session.write("exit 5\n")
                try await group.next()
            }
        }
        #expect(transcript.ended)
        #expect(try await client.execExitCode(id) == 5)
        #expect(try await client.inspectExec(id).processConfig.tty)
    }

    @Test func errorsOfTheEngine() async throws {
        try await withTimeout(.seconds(60), "the exec errors") {
            try await TestEngine.withClient { client in
                try await client.withContainer(trappingSleeper, start: false) { container in
                    // Not running (never started): the engine's 409.
                    let stopped = await expectDockerError(.conflict) {
                        try await client.createExec(container: container, command: ["echo", "hi"])
                    }
                    #expect(stopped?.status == 409)
                    try await client.startContainer(container)
                    // An empty command: 400.
                    await expectDockerError(.badRequest) { try await client.createExec(container: container, command: []) }
                    // Starting an exec twice: the second start is refused, the first one ran. (The engine itself would
                    // switch protocols and report "has already run" as output: the session inspects first.)
                    let id = try await client.createExec(container: container, command: ["echo", "once"])
                    let once = try await client.withExecSession(id, tty: false) { session in
                        var text = ""
                        for try await chunk in session.output { text += chunk.text }
                        return text
                    }
                    #expect(once == "once\n")
                    await expectDockerError(.conflict) { try await client.withExecSession(id, tty: false) { _ in } }
                    // Stopped after running: 409 again.
                    try await client.stopContainer(container, timeout: 5)
                    await expectDockerError(.conflict) { try await client.createExec(container: container, command: ["echo"]) }
                }
                await expectDockerError(.notFound) {
                    try await client.createExec(container: TestEngine.uniqueName("missing"), command: ["echo"])
                }
                // An unknown exec id: 404 from inspect, from the start on its own connection, and from resize.
                await expectDockerError(.notFound) { try await client.inspectExec("nope") }
                await expectDockerError(.notFound) { try await client.withExecSession("nope", tty: false) { _ in } }
                // The start itself, refused with a 404 before any switch of protocols (the session inspects first).
                for tty in [false, true] {
                    let refused = await expectDockerError(.notFound) {
                        try await ExecConnection.start(id: "nope", tty: tty, transport: client.transport)
                    }
                    #expect(refused?.message.contains("No such exec instance") == true, "\(String(describing: refused))")
                }
                await expectDockerError(.notFound) { try await client.resizeExec("nope", rows: 24, cols: 80) }
                await expectDockerError(.badRequest) { try await client.inspectExec("../containers/json") }
            }
        }
    }

    @Test func outputArrivingWithTheEndOfTheStreamIsKept() async throws {
        try await withTimeout(.seconds(60), "the fast execs") {
            try await TestEngine.withClient { client in
                try await client.withContainer(trappingSleeper) { container in
                    // The engine answers a second start with the 101, its error as output and EOF at once: the
                    // bytes read past the response must survive the switch (they did not before the gate).
                    let id = try await client.createExec(container: container, command: ["echo", "once"])
                    #expect(try await client.runExecOutput(id) == "once\n")
                    // Repeated: the EOF lands in the same read as the bytes only now and then (without the gate,
                    // about 1 start in 50 lost its output here, and some hung).
                    for _ in 0..<100 {
                        let again = try await client.runExecOutput(id)
                        #expect(again.contains("has already run"), "\(again.debugDescription)")
                    }
                    // Fast processes: output and EOF close behind the 101, every time.
                    for round in 0..<20 {
                        let fast = try await client.createExec(container: container, command: ["echo", "fast-\(round)"])
                        #expect(try await client.runExecOutput(fast) == "fast-\(round)\n")
                    }
                }
            }
        }
    }

    @Test func anUnreachableEngineIsAnUnreachableError() async throws {
        let host = DockerHost(endpoint: .unix(path: "/tmp/capstan-no-such-engine-\(UUID().uuidString.prefix(8)).sock"))
        try await DockerClient.withClient(host: host) { client in
            await expectDockerError(.unreachable) { try await client.withExecSession("abc", tty: false) { _ in } }
        }
    }

    @Test func overTLSBothModesWork() async throws {
        let env = ProcessInfo.processInfo.environment
        guard let address = env["CAPSTAN_TEST_TLS_DOCKER_HOST"], let certificates = env["CAPSTAN_TEST_TLS_CERT_PATH"] else {
            throw TestSetupError("CAPSTAN_TEST_TLS_DOCKER_HOST / CAPSTAN_TEST_TLS_CERT_PATH are not set: run scripts/test")
        }
        let host = try DockerHost.fromEnvironment([
            "DOCKER_HOST": address, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certificates,
        ])
        try await withTimeout(.seconds(120), "the exec sessions over TLS") {
            try await DockerClient.withClient(host: host) { client in
                try await client.withContainer(trappingSleeper) { container in
                    // The half-close of stdin is a TLS close_notify here.
                    try await Self.runReadEchoFail(client, container: container)
                    try await Self.runInteractiveShell(client, container: container)
                }
            }
        }
    }
}

extension DockerClient {
    /// Starts exec `id` straight on its connection (no inspection first) and returns all its output.
    fileprivate func runExecOutput(_ id: String) async throws -> String {
        let channel = try await ExecConnection.start(id: id, tty: false, transport: transport)
        return try await channel.executeThenClose { inbound, _ in
            var text = ""
            for try await chunk in ExecOutputSequence(inbound: inbound, tty: false) { text += chunk.text }
            return text
        }
    }
}

/// Polls `condition` until it holds, failing after `timeout` (the pause only spaces the probes out).
func waitUntil(_ what: String, timeout: Duration, _ condition: () async throws -> Bool) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try await condition() { return }
        guard clock.now < deadline else { throw TestSetupError("\(what): not within \(timeout)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
