import CapstanWire
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

/// A real WebSocket client of the exec terminal endpoint for tests: it records the output (per stream) and
/// the control messages, and lets a test wait for text with a deadline.
///
/// Like a terminal, ``expect(_:timeout:)`` consumes the output up to the match, so a later wait never matches
/// what was already seen (the echo of a typed command, an earlier answer).
final class TerminalTestClient: Sendable {
    let url: String
    private let state = Mutex(State())
    private let outgoing: AsyncStream<Outgoing>
    private let outgoingContinuation: AsyncStream<Outgoing>.Continuation

    private struct State {
        var output = ""
        var stderr = ""
        var cursor = 0
        var messages: [TerminalServerMessage] = []
        var ended = false
        var close: WebSocketCloseFrame?
        var failure: String?
    }

    enum Outgoing: Sendable {
        case text(String)
        case binary(ByteBuffer)
        case disconnect
    }

    init(url: String) {
        self.url = url
        (outgoing, outgoingContinuation) = AsyncStream.makeStream(of: Outgoing.self)
    }

    // MARK: Sending

    /// Types text (as a BINARY frame).
    func type(_ text: String) { outgoingContinuation.yield(.binary(ByteBuffer(string: text))) }

    /// Sends raw bytes (as a BINARY frame).
    func send(_ bytes: [UInt8]) { outgoingContinuation.yield(.binary(ByteBuffer(bytes: bytes))) }

    /// Sends a control message.
    func send(_ message: TerminalClientMessage) {
        let data = (try? JSONEncoder().encode(message)) ?? Data()
        sendText(String(decoding: data, as: UTF8.self))
    }

    /// Sends any TEXT frame.
    func sendText(_ text: String) { outgoingContinuation.yield(.text(text)) }

    /// Goes away without a word: the connection closes from this side.
    func disconnect() { outgoingContinuation.yield(.disconnect) }

    // MARK: Reading

    /// The output so far (everything, stdout only without a TTY).
    var output: String { state.withLock { $0.output } }
    /// The stderr output so far (sessions without a TTY).
    var stderr: String { state.withLock { $0.stderr } }
    /// The control messages so far.
    var messages: [TerminalServerMessage] { state.withLock { $0.messages } }
    /// The server's close frame, once the connection ended.
    var close: WebSocketCloseFrame? { state.withLock { $0.close } }

    /// Waits until `marker` appears in the output after what earlier waits consumed.
    func expect(_ marker: String, timeout: Duration = .seconds(20)) async throws {
        try await wait("'\(marker)' in the output", timeout: timeout) { state -> Void? in
            let start = state.output.utf8.index(state.output.startIndex, offsetBy: state.cursor)
            guard let range = state.output.range(of: marker, range: start..<state.output.endIndex) else { return nil }
            state.cursor = state.output.utf8.distance(from: state.output.startIndex, to: range.upperBound)
            return ()
        }
    }

    /// Waits for the `started` message.
    func started(timeout: Duration = .seconds(20)) async throws -> TerminalStarted {
        try await wait("the started message", timeout: timeout) { state in
            state.messages.lazy.compactMap { if case .started(let started) = $0 { started } else { nil } }.first
        }
    }

    /// Waits for the connection to end; returns the server's close frame.
    @discardableResult
    func closed(timeout: Duration = .seconds(30)) async throws -> WebSocketCloseFrame? {
        try await wait("the connection to end", timeout: timeout, orEnd: false) { state in
            state.ended ? .some(state.close) : nil
        }
    }

    /// Polls `check` until it returns a value; fails at the deadline, or once the connection ended (unless
    /// `orEnd` is false, for waits that are about the end).
    private func wait<T: Sendable>(
        _ what: String, timeout: Duration, orEnd: Bool = true, _ check: (inout State) -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (value, summary) = state.withLock { state -> (T?, String?) in
                if let value = check(&state) { return (value, nil) }
                guard (orEnd && state.ended) || ContinuousClock.now >= deadline else { return (nil, nil) }
                let why = state.ended ? "the connection ended first" : "timed out after \(timeout)"
                return (
                    nil,
                    "\(why) waiting for \(what); output: \(state.output.debugDescription), messages: \(state.messages), "
                        + "close: \(state.close.map { "\($0.closeCode) \($0.reason ?? "")" } ?? "none"), failure: \(state.failure ?? "none")"
                )
            }
            if let value { return value }
            if let summary { throw TerminalTestFailure(summary) }
            // Spaces the probes out; the deadline decides, not the pause.
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    // MARK: Running

    /// Connects and runs until the connection ends; never throws (a failure is recorded).
    func run() async {
        var logger = Logger(label: "capstan.test.terminal")
        logger.logLevel = .critical
        do {
            let close = try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 20), logger: logger) {
                inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await message in inbound.messages(maxSize: 1 << 20) { self.record(message) }
                    }
                    group.addTask {
                        for await item in self.outgoing {
                            switch item {
                            case .text(let text): try await outbound.write(.text(text))
                            case .binary(let bytes): try await outbound.write(.binary(bytes))
                            case .disconnect: return
                            }
                        }
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
            state.withLock {
                $0.ended = true
                $0.close = close
            }
        } catch {
            state.withLock {
                $0.ended = true
                $0.failure = "\(error)"
            }
        }
        outgoingContinuation.finish()
    }

    private func record(_ message: WebSocketMessage) {
        state.withLock { state in
            switch message {
            case .binary(var bytes):
                // Without a TTY the first byte names the stream; the tests know which kind they opened from
                // `started`, which always comes first.
                let tty = state.messages.lazy.compactMap { if case .started(let started) = $0 { started.tty } else { nil } }.first ?? true
                if !tty, let stream = bytes.readInteger(as: UInt8.self), stream == TerminalStream.stderr.rawValue {
                    state.stderr += String(buffer: bytes)
                } else {
                    state.output += String(buffer: bytes)
                }
            case .text(let text):
                if let decoded = try? JSONDecoder().decode(TerminalServerMessage.self, from: Data(text.utf8)) {
                    state.messages.append(decoded)
                } else {
                    state.messages.append(.error(TerminalError(code: "undecodable", message: text, fatal: false)))
                }
            }
        }
    }
}

/// A terminal test expectation that failed, saying what was awaited and what arrived instead.
struct TerminalTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
