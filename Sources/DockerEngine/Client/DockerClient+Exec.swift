import Foundation
import Logging
import NIOCore

extension DockerClient {
    /// `POST /containers/{id}/exec`: prepares a command to run in a running container; returns the exec id.
    ///
    /// stdout and stderr are always attached. Start it with ``withExecSession(_:tty:_:)``.
    ///
    /// - Parameters:
    ///   - tty: allocate a terminal (raw output, resizable, Ctrl-C works); otherwise stdout and stderr stay apart.
    ///   - stdin: attach stdin (needed to write to the process).
    ///   - env: extra `KEY=value` variables.
    ///   - user: `user`, `user:group`, `uid` or `uid:gid`; the container's user when nil.
    ///   - workingDir: the directory to run in; the container's when nil.
    /// - Throws: ``DockerError`` `notFound` for an unknown container, `conflict` for one that is not running,
    ///   `badRequest` for an empty command.
    public func createExec(
        container: String, command: [String], tty: Bool = false, stdin: Bool = false, env: [String] = [],
        user: String? = nil, workingDir: String? = nil
    ) async throws -> String {
        let id = try ObjectReference.validate(container, kind: .container)
        let request = ExecCreateRequest(
            attachStdin: stdin, tty: tty, cmd: command, env: env.isEmpty ? nil : env, user: user, workingDir: workingDir
        )
        return try await transport.decode(ExecCreateResponse.self, .POST, "/containers/\(id)/exec", json: request).id
    }

    /// Starts exec `id` on a connection of its own and runs `body` with the session; the connection is closed
    /// when `body` returns or throws.
    ///
    /// The exec is inspected first: once the engine has switched protocols it reports start failures *inside*
    /// the output (as text on stdout), so the failures it can be asked about beforehand are thrown here. One
    /// that happens anyway (the container stopped meanwhile) shows as that text and an exec without an exit
    /// code (``execExitCode(_:timeout:)`` throws `conflict`); a missing program exits with 126 or 127.
    ///
    /// Closing the connection while the process runs does not stop it: without a TTY it reads EOF on stdin;
    /// with a TTY nothing reaches it (end it first, e.g. write Ctrl-C / `exit`).
    ///
    /// - Parameter tty: how to read the output; the exec's own setting when nil. Passing the opposite of the
    ///   exec's setting is allowed (the start's `Tty` decides the framing).
    /// - Throws: ``DockerError`` `notFound` for an unknown exec, `conflict` for one started already; errors
    ///   thrown by `body` as they are.
    public func withExecSession<Result: Sendable>(
        _ id: String, tty: Bool? = nil, _ body: (ExecSession) async throws -> Result
    ) async throws -> Result {
        let id = try ObjectReference.validate(id, kind: .exec)
        let inspect = try await inspectExec(id)
        guard !inspect.running, inspect.exitCode == nil else {
            throw DockerError(code: .conflict, message: "exec \(id) has been started already")
        }
        let isTTY = tty ?? inspect.processConfig.tty
        let channel = try await ExecConnection.start(id: id, tty: isTTY, transport: transport)
        transport.logger.debug("exec session started", metadata: ["docker.exec-id": "\(id)", "docker.tty": "\(isTTY)"])
        defer { transport.logger.debug("exec session closed", metadata: ["docker.exec-id": "\(id)"]) }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(
                ExecSession(
                    id: id, tty: isTTY, output: ExecOutputSequence(inbound: inbound, tty: isTTY), writer: outbound,
                    client: self
                )
            )
        }
    }

    /// `GET /exec/{id}/json`.
    public func inspectExec(_ id: String) async throws -> ExecInspect {
        let id = try ObjectReference.validate(id, kind: .exec)
        return try await transport.decode(ExecInspect.self, .GET, "/exec/\(id)/json")
    }

    /// `POST /exec/{id}/resize`: sets the terminal size of a started TTY exec.
    public func resizeExec(_ id: String, rows: Int, cols: Int) async throws {
        let id = try ObjectReference.validate(id, kind: .exec)
        guard (1...10_000).contains(rows), (1...10_000).contains(cols) else {
            throw DockerError(code: .badRequest, message: "terminal size \(rows)x\(cols) is out of range (1…10000)")
        }
        _ = try await transport.data(.POST, "/exec/\(id)/resize", query: [("h", String(rows)), ("w", String(cols))])
    }

    /// The exit code of an exec whose output has ended.
    ///
    /// The engine may still report `Running` for a moment after closing the stream, so this polls the
    /// inspection briefly (every 10–100 ms) until the process is reported gone.
    ///
    /// - Throws: ``DockerError`` `timeout` when it still runs after `timeout`; `conflict` when it never started.
    public func execExitCode(_ id: String, timeout: Duration = .seconds(10)) async throws -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var pause = Duration.milliseconds(10)
        while true {
            let inspect = try await inspectExec(id)
            if !inspect.running {
                guard let code = inspect.exitCode else {
                    throw DockerError(code: .conflict, message: "exec \(id) has not run (no exit code)")
                }
                return code
            }
            guard clock.now + pause < deadline else {
                throw DockerError(code: .timeout, message: "exec \(id) still runs \(timeout) after its output ended")
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(100))
        }
    }

    /// Runs a short command without stdin and collects its output and exit code (probes such as `test -x`).
    ///
    /// - Parameter maxOutputBytes: the most bytes kept per stream; the rest is read and dropped.
    public func runExec(
        container: String, command: [String], user: String? = nil, workingDir: String? = nil, env: [String] = [],
        maxOutputBytes: Int = 1024 * 1024
    ) async throws -> ExecResult {
        let id = try await createExec(
            container: container, command: command, env: env, user: user, workingDir: workingDir
        )
        let (stdout, stderr) = try await withExecSession(id, tty: false) { session in
            var stdout = ByteBuffer()
            var stderr = ByteBuffer()
            for try await chunk in session.output {
                var bytes = chunk.bytes
                switch chunk.stream {
                case .stdout where stdout.readableBytes < maxOutputBytes: stdout.writeBuffer(&bytes)
                case .stderr where stderr.readableBytes < maxOutputBytes: stderr.writeBuffer(&bytes)
                default: break
                }
            }
            return (stdout, stderr)
        }
        func text(_ buffer: ByteBuffer) -> String {
            String(decoding: buffer.readableBytesView.prefix(maxOutputBytes), as: UTF8.self)
        }
        return ExecResult(exitCode: try await execExitCode(id), stdout: text(stdout), stderr: text(stderr))
    }
}
