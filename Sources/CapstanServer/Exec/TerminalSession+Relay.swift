import CapstanWire
import DockerEngine
import Foundation
import HummingbirdWebSocket
import NIOCore

/// The relay of a running session: output → client, client → stdin, the idle watchdog, and the hang-up.
extension TerminalSession {
    func relay(
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
            try? await session.write([0x03])
            // Ctrl-D again and again: one sent while a foreground job dies can be flushed with the input queue
            // (the terminal discards pending input on Ctrl-C) or read by that job; the shell needs one at its prompt.
            group.addTask {
                while !Task.isCancelled {
                    try? await session.write([0x04])
                    try? await Task.sleep(for: .milliseconds(250))
                }
                return .clientGone
            }
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
}
