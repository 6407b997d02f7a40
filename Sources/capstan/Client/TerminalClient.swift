import AsyncHTTPClient
import CapstanWire
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOFoundationCompat
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a terminal session ended.
enum TerminalOutcome: Sendable {
    /// The command exited (the code, when the server knew it).
    case exited(Int?)
    /// The session failed (the server's or the connection's message).
    case failed(String)
    /// A signal (TERM, HUP, INT from outside) ended it.
    case signalled(Int32)
}

/// The WebSocket side of `capstan exec`: stdin and window sizes out, output and control messages in.
struct TerminalClient {
    let url: String
    /// The access token, sent as `Authorization: Bearer`.
    let token: String?
    let interactive: Bool
    let tty: Bool

    func run(signals: AsyncStream<Int32>) async throws -> TerminalOutcome {
        var logger = Logger(label: "capstan.cli")
        logger.logLevel = .critical
        let outcome = OutcomeBox()
        let interactive = self.interactive
        let tty = self.tty
        let close: WebSocketCloseFrame?
        do {
            close = try await WebSocketClient.connect(
                url: url,
                configuration: .init(
                    maxFrameSize: 1 << 20, additionalHeaders: token.map { [.authorization: "Bearer \($0)"] } ?? [:]
                ),
                logger: logger
            ) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    if interactive {
                        group.addTask {
                            for await chunk in StandardInput.chunks() {
                                try await outbound.write(.binary(ByteBuffer(bytes: chunk)))
                            }
                            // EOF: without a TTY the command reads EOF; with one, Ctrl-D is sent (like a keyboard).
                            guard !Task.isCancelled else { return }
                            try await outbound.write(.text(Self.encode(.closeStdin)))
                        }
                    }
                    group.addTask {
                        for await number in signals {
                            if number == SIGWINCH {
                                if tty, let size = RawTerminal.size() {
                                    try await outbound.write(.text(Self.encode(.resize(TerminalSize(cols: size.cols, rows: size.rows)))))
                                }
                            } else {
                                outcome.value.withLock { $0 = $0 ?? .signalled(number) }
                                try await outbound.close(.goingAway, reason: "signal \(number)")
                                return
                            }
                        }
                    }
                    for try await message in inbound.messages(maxSize: 16 << 20) {
                        switch message {
                        case .binary(var bytes):
                            var stream = TerminalStream.stdout
                            if !tty, let first = bytes.readInteger(as: UInt8.self) {
                                stream = TerminalStream(rawValue: first) ?? .stdout
                            }
                            let handle = stream == .stderr ? FileHandle.standardError : FileHandle.standardOutput
                            handle.write(Data(bytes.readableBytesView))
                        case .text(let text):
                            switch try? JSONDecoder().decode(TerminalServerMessage.self, from: Data(text.utf8)) {
                            case .exit(let exit)?:
                                outcome.value.withLock { $0 = $0 ?? .exited(exit.code) }
                            case .error(let error)? where error.fatal:
                                outcome.value.withLock { $0 = $0 ?? .failed("\(error.message) [\(error.code)]") }
                            case .error(let error)?:
                                FileHandle.standardError.write(Data("capstan: \(error.message) [\(error.code)]\r\n".utf8))
                            case .started?, nil:
                                break
                            }
                        }
                    }
                    group.cancelAll()
                }
            }
        } catch {
            if let known = outcome.value.withLock({ $0 }) { return known }
            if let refusal = await Self.refusal(of: url, token: token) { throw refusal }
            throw CLIError("cannot open a terminal session at \(url): \(error)")
        }
        if let known = outcome.value.withLock({ $0 }) { return known }
        return .failed("the server closed the session without an exit code (\(close.map { "\($0.closeCode)" } ?? "no close frame")\(close?.reason.map { ": \($0)" } ?? ""))")
    }

    /// The outcome, shared by the reader and the signal task (a class: a local `Mutex` cannot be captured).
    private final class OutcomeBox: Sendable {
        let value = Mutex<TerminalOutcome?>(nil)
    }

    /// Why the server refused the upgrade: the same URL as a plain GET answers with the API's error (the
    /// WebSocket client only reports that the upgrade failed).
    private static func refusal(of url: String, token: String?) async -> CLIError? {
        var http = url
        if http.hasPrefix("ws://") { http = "http://" + http.dropFirst("ws://".count) }
        if http.hasPrefix("wss://") { http = "https://" + http.dropFirst("wss://".count) }
        var request = HTTPClientRequest(url: http)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        guard let response = try? await CLIHTTPClient.shared.execute(request, timeout: .seconds(10)),
            !(200..<300).contains(response.status.code),
            let body = try? await response.body.collect(upTo: 1024 * 1024),
            let envelope = try? JSONDecoder().decode(ErrorResponse.self, from: body)
        else { return nil }
        return CLIError("\(envelope.error.message) [\(envelope.error.code)]")
    }

    private static func encode(_ message: TerminalClientMessage) throws -> String {
        String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
    }
}

/// The session's outcome, shared by the reading and signal tasks (a class: a Mutex cannot be captured).
final class OutcomeBox: Sendable {
    private let value = Mutex<TerminalOutcome?>(nil)
    func withLock<R>(_ body: (inout TerminalOutcome?) -> R) -> R { value.withLock { body(&$0) } }
}
