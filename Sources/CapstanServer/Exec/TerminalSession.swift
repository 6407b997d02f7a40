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
/// - **The client goes away** (closes, disconnects, or sends something unreadable) **or the session is idle**:
///   the process is hung up — with a TTY Ctrl-C then Ctrl-D (interrupts a foreground job, then ends a shell at
///   its prompt); without one, EOF on stdin — and given ``ExecConfiguration/hangUpGrace`` to exit before the
///   engine connection is closed. A process that ignores this (a full-screen editor reads Ctrl-C and Ctrl-D as
///   keys; a program that never reads stdin) **keeps running in the container** until it exits by itself or
///   the container stops: the Engine API has no way to signal an exec process, and closing the connection
///   only detaches from it.
struct TerminalSession {
    let engine: EngineHandle
    let container: String
    let request: ExecRequest
    let configuration: ExecConfiguration
    let clientAddress: String
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
    private enum Ending: Sendable {
        case exited
        case outputFailed(any Error)
        case clientGone
        case idle
        case graceOver
    }

    /// The time of the last input or output, shared by the relays and the idle watchdog.
    private final class Activity: Sendable {
        private let last = Mutex(ContinuousClock.now)
        func touch() { last.withLock { $0 = .now } }
        var lastSeen: ContinuousClock.Instant { last.withLock { $0 } }
    }

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        var logger = logger
        logger[metadataKey: "engine"] = "\(engine.name)"
        logger[metadataKey: "docker.container-id"] = "\(container)"
        logger[metadataKey: "client"] = "\(clientAddress)"
        let command: [String]
        let execID: String
        do {
            command = try await resolveCommand()
            execID = try await engine.call { client in
                try await client.createExec(
                    container: container, command: command, tty: request.tty, stdin: request.stdin, user: request.user,
                    workingDir: request.workingDir
                )
            }
        } catch {
            await fail(error, outbound: outbound, close: CloseCode.startFailed)
            return
        }
        logger[metadataKey: "docker.exec-id"] = "\(execID)"
        // AUDIT: the audit log of issue 4 records this start (who, where, what) once it exists.
        logger.info(
            "exec session started",
            metadata: ["command": "\(command)", "user": "\(request.user ?? "")", "tty": "\(request.tty)"]
        )
        var ending = Ending.clientGone
        do {
            ending = try await engine.client.withExecSession(execID, tty: request.tty) { session in
                await relay(session, command: command, inbound: inbound, outbound: outbound)
            }
        } catch {
            await fail(error, outbound: outbound, close: CloseCode.startFailed)
            logger.info("exec session ended", metadata: ["reason": "start failed", "error": "\(error)"])
            return
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
        // AUDIT: and this end, with the exit code (nil: still running after the hang-up, or unknown).
        logger.info(
            "exec session ended",
            metadata: ["reason": "\(ending)", "exit-code": "\(exitCode.map(String.init) ?? "none")"]
        )
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

    // MARK: Relaying

    private func relay(
        _ session: ExecSession, command: [String], inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async -> Ending {
        let activity = Activity()
        try? await send(.started(TerminalStarted(execId: session.id, command: command, tty: session.tty)), outbound: outbound)
        if let size = request.size, session.tty {
            await resize(session, to: size, outbound: outbound)
        }
        return await withTaskGroup(of: Ending.self) { group in
            group.addTask { await pumpOutput(session, outbound: outbound, activity: activity) }
            group.addTask {
                await pumpInput(session, inbound: inbound, outbound: outbound, activity: activity)
                return .clientGone
            }
            group.addTask { await watchIdle(activity) ? .idle : .graceOver }
            var ending = await group.next() ?? .clientGone
            if case .clientGone = ending { ending = await hangUp(session, group: &group, reason: .clientGone) }
            if case .idle = ending {
                try? await send(
                    .error(TerminalError(code: "idle", message: "no input or output for \(configuration.idleTimeout)", fatal: true)),
                    outbound: outbound
                )
                ending = await hangUp(session, group: &group, reason: .idle)
            }
            group.cancelAll()
            return ending
        }
    }

    /// Ends the process as a terminal hang-up would, then waits up to the grace period for its output to end.
    ///
    /// Returns `reason` either way: the session ended because of it, whether or not the process followed.
    private func hangUp(_ session: ExecSession, group: inout TaskGroup<Ending>, reason: Ending) async -> Ending {
        if session.tty {
            try? await session.write([0x03, 0x04])
        } else {
            try? await session.closeStdin()
        }
        let grace = configuration.hangUpGrace
        group.addTask {
            try? await Task.sleep(for: grace)
            return .graceOver
        }
        while let next = await group.next() {
            switch next {
            case .exited, .outputFailed, .graceOver: return reason
            case .clientGone, .idle: continue
            }
        }
        return reason
    }

    private func pumpOutput(_ session: ExecSession, outbound: WebSocketOutboundWriter, activity: Activity) async -> Ending {
        let limit = configuration.maxOutputFrameBytes - (session.tty ? 0 : 1)
        var clientGone = false
        do {
            for try await chunk in session.output {
                activity.touch()
                // Once the client is gone, keep draining (the process may still be ending) but stop writing.
                guard !clientGone else { continue }
                var bytes = chunk.bytes
                while bytes.readableBytes > 0, !clientGone {
                    var frame = ByteBuffer()
                    if !session.tty { frame.writeInteger(chunk.stream == .stderr ? TerminalStream.stderr.rawValue : TerminalStream.stdout.rawValue) }
                    var slice = bytes.readSlice(length: min(limit, bytes.readableBytes))!
                    frame.writeBuffer(&slice)
                    do {
                        try await outbound.write(.binary(frame))
                    } catch {
                        clientGone = true
                    }
                }
            }
            return .exited
        } catch {
            return .outputFailed(error)
        }
    }

    private func pumpInput(
        _ session: ExecSession, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, activity: Activity
    ) async {
        let decoder = JSONDecoder()
        do {
            for try await message in inbound.messages(maxSize: configuration.maxInputMessageBytes) {
                activity.touch()
                switch message {
                case .binary(let bytes):
                    // After the process's input closed, keystrokes have nowhere to go: dropped.
                    try? await session.write(bytes)
                case .text(let text):
                    do {
                        switch try decoder.decode(TerminalClientMessage.self, from: Data(text.utf8)) {
                        case .resize(let size): await resize(session, to: size, outbound: outbound)
                        case .closeStdin: try? await session.closeStdin()
                        }
                    } catch {
                        try? await send(
                            .error(TerminalError(code: "bad_message", message: "unreadable control message: \(error)", fatal: false)),
                            outbound: outbound
                        )
                    }
                }
            }
        } catch {
            logger.debug("terminal websocket read ended", metadata: ["error": "\(error)"])
        }
    }

    private func resize(_ session: ExecSession, to size: TerminalSize, outbound: WebSocketOutboundWriter) async {
        do {
            try await session.resize(rows: size.rows, cols: size.cols)
        } catch {
            try? await send(.error(Self.describe(error, fatal: false)), outbound: outbound)
        }
    }

    /// Waits until the session has been idle for the timeout (true), or is cancelled (false).
    private func watchIdle(_ activity: Activity) async -> Bool {
        while true {
            let deadline = activity.lastSeen + configuration.idleTimeout
            if ContinuousClock.now >= deadline { return true }
            do {
                try await Task.sleep(until: deadline, clock: .continuous)
            } catch {
                return false
            }
        }
    }

    // MARK: Messages

    private func send(_ message: TerminalServerMessage, outbound: WebSocketOutboundWriter) async throws {
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
