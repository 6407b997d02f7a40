import CapstanStore
import CapstanWire
import DockerEngine
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// One terminal WebSocket: creates the exec, then relays output → client and client → stdin as children of
/// one task group, with an idle watchdog.
///
/// How it ends:
/// - **The process exits**: the output ends, the server sends `exit` with the code and closes (1000).
/// - **The client goes away** (closes, disconnects, or sends a message over the size limit) **or the session
///   is idle**: the process is hung up — with a TTY Ctrl-C, then Ctrl-D every 250 ms (interrupts a foreground
///   job, then ends a shell at its prompt); without one, EOF on stdin — and given
///   ``ExecConfiguration/hangUpGrace`` to exit before the engine connection is closed. A process that ignores
///   this (a full-screen editor reads Ctrl-C and Ctrl-D as keys; a program that never reads stdin) **keeps
///   running in the container** until it exits by itself or the container stops: the Engine API has no way to
///   signal an exec process, and closing the connection only detaches from it.
struct TerminalSession {
    let engine: EngineHandle
    let container: String
    let request: ExecRequest
    let configuration: ExecConfiguration
    /// Who opened it (the audit's user).
    let identity: Identity
    /// Their address and request id (the audit's client).
    let client: ClientInfo
    let auditor: Auditor
    let logger: Logger

    /// Close codes of the terminal WebSocket.
    enum CloseCode {
        /// No input or output for ``ExecConfiguration/idleTimeout``.
        static let idle = WebSocketErrorCode(codeNumber: 4000)
        /// The session could not start (an `error` message says why).
        static let startFailed = WebSocketErrorCode(codeNumber: 4001)
        /// Too many sessions from this client address.
        static let limitReached = WebSocketErrorCode(codeNumber: 4029)
        /// The engine connection broke during the session.
        static let engineFailed = WebSocketErrorCode.unexpectedServerError
    }

    /// Why the relay stopped.
    enum Ending: Sendable {
        case exited
        case outputFailed(any Error)
        case clientGone
        case idle
        case graceOver

        /// The name in the audit (`exited`, `client_gone`, `idle`, `engine_failed`).
        var name: String {
            switch self {
            case .exited: "exited"
            case .outputFailed: "engine_failed"
            case .clientGone, .graceOver: "client_gone"
            case .idle: "idle"
            }
        }
    }

    /// The time of the last input or output, shared by the relays and the idle watchdog.
    final class Activity: Sendable {
        private let last = Mutex(ContinuousClock.now)
        func touch() { last.withLock { $0 = .now } }
        var lastSeen: ContinuousClock.Instant { last.withLock { $0 } }
    }

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        var logger = logger
        logger[metadataKey: "engine"] = "\(engine.name)"
        logger[metadataKey: "docker.container-id"] = "\(container)"
        logger[metadataKey: "user"] = "\(identity.name)"
        var parameters = [
            "tty": "\(request.tty)", "stdin": "\(request.stdin)", "user": request.user ?? "", "workdir": request.workingDir ?? "",
        ]
        let command: [String]
        let execID: String
        do {
            command = try await resolveCommand()
            parameters["command"] = Self.text(command)
            execID = try await engine.call { client in
                try await client.createExec(
                    container: container, command: command, tty: request.tty, stdin: request.stdin, user: request.user,
                    workingDir: request.workingDir
                )
            }
            parameters["exec"] = execID
            // Fail closed: a session whose start cannot be recorded does not start.
            try await audit("exec.start", result: .success, parameters: parameters)
        } catch {
            try? await audit("exec.start", result: .failure, parameters: parameters, error: Self.describe(error, fatal: true).message)
            await fail(error, outbound: outbound, close: CloseCode.startFailed)
            return
        }
        logger[metadataKey: "docker.exec-id"] = "\(execID)"
        logger.debug("exec session started", metadata: ["command": "\(command)"])
        var ending = Ending.clientGone
        do {
            ending = try await engine.client.withExecSession(execID, tty: request.tty) { session in
                await relay(session, command: command, inbound: inbound, outbound: outbound)
            }
        } catch {
            ending = .outputFailed(error)
        }
        // The exit code is read whatever the ending: a hung-up shell usually exits within the grace period.
        let exitCode = try? await engine.client.execExitCode(execID, timeout: .seconds(2))
        switch ending {
        case .exited:
            try? await send(.exit(TerminalExit(code: exitCode)), outbound: outbound)
            try? await outbound.close(.normalClosure, reason: nil)
        case .outputFailed(let error):
            await fail(error, outbound: outbound, close: CloseCode.engineFailed)
        case .idle:
            try? await outbound.close(CloseCode.idle, reason: "idle for \(configuration.idleTimeout)")
        case .clientGone, .graceOver:
            break
        }
        var endParameters = ["exec": execID, "exitCode": exitCode.map(String.init) ?? "", "reason": ending.name]
        endParameters["command"] = parameters["command"]
        var failure: String?
        if case .outputFailed(let error) = ending { failure = Self.describe(error, fatal: true).message }
        // An end that cannot be recorded is logged by the auditor; the session is over either way.
        try? await audit("exec.end", result: failure == nil ? .success : .failure, parameters: endParameters, error: failure)
        logger.debug("exec session ended", metadata: ["reason": "\(ending.name)", "exit-code": "\(exitCode.map(String.init) ?? "none")"])
    }

    private func audit(_ action: String, result: AuditResult, parameters: [String: String], error: String? = nil) async throws {
        try await auditor.record(
            AuditEntry(
                user: identity.name, role: identity.role, clientAddress: client.address, requestID: client.requestID, action: action,
                engine: engine.name, objectID: container, objectName: container, parameters: parameters, result: result, error: error
            )
        )
    }

    /// A command as one JSON array (`["sh","-c","echo hi"]`): unambiguous where arguments hold spaces.
    private static func text(_ command: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(command)).map { String(decoding: $0, as: UTF8.self) } ?? command.joined(separator: " ")
    }

    /// The client's command, or the first default shell that exists in the container.
    private func resolveCommand() async throws -> [String] {
        if let command = request.command { return command }
        for shell in configuration.defaultShells {
            let probe = try await engine.call { client in
                try await client.runExec(container: container, command: ["test", "-x", shell], user: request.user)
            }
            switch probe.exitCode {
            case 0: return [shell]
            case 1: continue
            // No `test` program (126/127): the probe cannot tell; let the shell's own start say whether it exists.
            default: return [configuration.defaultShells.last ?? shell]
            }
        }
        throw APIError(
            .conflict, code: "no_shell",
            message: "none of \(configuration.defaultShells.joined(separator: ", ")) exists in the container; name a command with 'cmd'"
        )
    }

    // MARK: Messages

    func send(_ message: TerminalServerMessage, outbound: WebSocketOutboundWriter) async throws {
        let data = try JSONEncoder().encode(message)
        try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
    }

    private func fail(_ error: any Error, outbound: WebSocketOutboundWriter, close code: WebSocketErrorCode) async {
        let reply = Self.describe(error, fatal: true)
        if reply.code == "internal_error" {
            logger.error("exec session failed", metadata: ["error": "\(error)"])
        }
        try? await send(.error(reply), outbound: outbound)
        try? await outbound.close(code, reason: String(reply.message.prefix(120)))
    }

    /// The client's view of an error, with the same codes as the REST API.
    static func describe(_ error: any Error, fatal: Bool) -> TerminalError {
        let mapped = ErrorMiddleware<CapstanRequestContext>.map(error, engine: nil)
        return TerminalError(code: mapped.body.code, message: mapped.body.message, fatal: fatal)
    }
}
