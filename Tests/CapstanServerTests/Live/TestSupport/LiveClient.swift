import CapstanWire
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// A real WebSocket client of `/api/v1/ws` for tests: it records every message in a ``LiveTranscript``
/// and lets a test wait for a condition on it with a deadline.
///
/// Its reader can be paused: a paused client stops reading its socket, so the server's writes to it
/// back up exactly as they would for a client on a slow link.
final class LiveClient: Sendable {
    /// A name for failure messages.
    let label: String
    private let state = Mutex(State())
    private let outgoing: AsyncStream<Outgoing>
    private let outgoingContinuation: AsyncStream<Outgoing>.Continuation

    private struct State {
        var transcript = LiveTranscript()
        var version = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var paused = false
        /// The reader pauses right after it has read the pong with this id.
        var pauseAfterPong: String?
        var resumeReader: CheckedContinuation<Void, Never>?
    }

    enum Outgoing: Sendable {
        case text(String)
        case binary(ByteBuffer)
        case fragments([String])
        case frame(WebSocketFrame)
        case disconnect
    }

    init(label: String) {
        self.label = label
        (outgoing, outgoingContinuation) = AsyncStream.makeStream(of: Outgoing.self)
    }

    // MARK: Sending

    /// Sends a protocol message.
    func send(_ message: ClientMessage) {
        let data = (try? JSONEncoder().encode(message)) ?? Data()
        sendText(String(decoding: data, as: UTF8.self))
    }

    /// Sends any text frame (malformed JSON included).
    func sendText(_ text: String) {
        LiveTranscriptFile.shared.append(label, ">>", text)
        outgoingContinuation.yield(.text(text))
    }

    /// Sends one text message split over several frames (a first frame and continuation frames).
    func sendFragmented(_ parts: [String]) { outgoingContinuation.yield(.fragments(parts)) }

    /// Sends a binary frame.
    func sendBinary(_ buffer: ByteBuffer) { outgoingContinuation.yield(.binary(buffer)) }

    /// Sends any frame as it is (invalid UTF-8 in a text frame, say).
    func sendFrame(_ frame: WebSocketFrame) { outgoingContinuation.yield(.frame(frame)) }

    /// Ends the connection from this side without unsubscribing anything (the server sees the socket go).
    func disconnect() { outgoingContinuation.yield(.disconnect) }

    /// Sends a request and waits for its `ok` or `error` (the message must carry `id`).
    @discardableResult
    func request(_ message: ClientMessage, id: String, timeout: Duration = .seconds(60)) async throws -> ServerMessage {
        send(message)
        return try await wait("the reply to request '\(id)'", timeout: timeout) { $0.reply(to: id) }
    }

    /// Sends a request and expects `ok`.
    func subscribe(_ message: ClientMessage, id: String) async throws {
        let reply = try await request(message, id: id)
        guard case .ok = reply else {
            throw LiveTestFailure("request '\(id)' was refused: \(reply)")
        }
    }

    // MARK: Reading

    /// Stops reading the socket (the server's writes back up in the kernel's buffers, then in its queue;
    /// WebSocket pings go unanswered).
    ///
    /// The reader stops right after it has read the pong of a `ping` sent here (whatever it was doing when
    /// this was called), and this returns once that pong is in the transcript: from then on nothing is read.
    func pause() async throws {
        let id = "pause-\(UUID().uuidString.prefix(8))"
        state.withLock { $0.pauseAfterPong = id }
        try await ping(id)
    }

    /// Reads again.
    func resume() {
        let reader = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.paused = false
            return state.resumeReader.take()
        }
        reader?.resume()
    }

    /// A copy of everything received so far.
    var transcript: LiveTranscript { state.withLock { $0.transcript } }

    /// Waits until `check` returns a value for the transcript; throws after `timeout`, or at once when
    /// the connection ended and the condition is still false (nothing more can arrive).
    func wait<T: Sendable>(
        _ what: String, timeout: Duration = .seconds(60), _ check: (LiveTranscript) -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            try Task.checkCancellation()
            let (value, version, ended, summary) = state.withLock { state -> (T?, Int, Bool, String?) in
                let value = check(state.transcript)
                let give = value == nil && (state.transcript.ended || ContinuousClock.now >= deadline)
                return (value, state.version, state.transcript.ended, give ? state.transcript.summary : nil)
            }
            if let value { return value }
            if let summary {
                let why = ended ? "the connection ended first" : "timed out after \(timeout)"
                throw LiveTestFailure("\(label): \(why) waiting for \(what); \(summary)")
            }
            await changed(after: version, until: deadline)
        }
    }

    /// Waits for the connection to end; returns the server's close frame, if any.
    func closed(timeout: Duration = .seconds(60)) async throws -> WebSocketCloseFrame? {
        try await wait("the connection to end", timeout: timeout) { transcript in
            transcript.ended ? .some(transcript.close) : nil
        }
    }

    /// Sends `ping` and waits for the matching `pong`: the connection is up and its reader keeps up.
    func ping(_ id: String, timeout: Duration = .seconds(60)) async throws {
        send(.ping(RequestOnly(id: id)))
        _ = try await wait("pong '\(id)'", timeout: timeout) { transcript in
            transcript.messages.contains { if case .pong(let pong) = $0 { pong.id == id } else { false } } ? true : nil
        }
    }

    // MARK: Running

    /// Connects and runs until the connection ends; never throws (a failure is in the transcript).
    func run(url: String) async {
        var logger = Logger(label: "capstan.test.ws")
        logger.logLevel = .critical
        do {
            let close = try await WebSocketClient.connect(
                url: url, configuration: .init(maxFrameSize: 16 << 20), logger: logger
            ) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.read(inbound) }
                    group.addTask { try await self.write(outbound) }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
            finish(close: close, failure: nil)
        } catch {
            finish(close: nil, failure: "\(error)")
        }
    }

    private func read(_ inbound: WebSocketInboundStream) async throws {
        let decoder = JSONDecoder()
        var messages = inbound.messages(maxSize: 64 << 20).makeAsyncIterator()
        while true {
            await readerMayProceed()
            guard !Task.isCancelled, let message = try await messages.next() else { return }
            guard case .text(let text) = message else {
                record { $0.undecodable.append("a binary message") }
                continue
            }
            LiveTranscriptFile.shared.append(label, "<<", text)
            if let decoded = try? decoder.decode(ServerMessage.self, from: Data(text.utf8)) {
                if case .pong(let pong) = decoded {
                    // Paused before the pong is recorded, so the reader cannot read past it.
                    state.withLock { state in
                        if let id = state.pauseAfterPong, pong.id == id {
                            state.paused = true
                            state.pauseAfterPong = nil
                        }
                    }
                }
                record { $0.record(text, as: decoded) }
            } else {
                record { $0.undecodable.append(text) }
            }
        }
    }

    private func write(_ outbound: WebSocketOutboundWriter) async throws {
        for await item in outgoing {
            switch item {
            case .text(let text): try await outbound.write(.text(text))
            case .binary(let buffer): try await outbound.write(.binary(buffer))
            case .fragments(let parts):
                // Frames written by hand, the last one carrying FIN: a message writer would add an empty final
                // frame after them, which fails when the server has already refused the message, and the
                // client's own close then races the server's 1009.
                for (index, part) in parts.enumerated() {
                    let frame = WebSocketFrame(
                        fin: index == parts.count - 1, opcode: index == 0 ? .text : .continuation, data: ByteBuffer(string: part)
                    )
                    try await outbound.write(.custom(frame))
                }
            case .frame(let frame): try await outbound.write(.custom(frame))
            case .disconnect: return
            }
        }
    }

    private func readerMayProceed() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    guard state.paused, !Task.isCancelled else { return true }
                    state.resumeReader = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.resumeReader.take() }?.resume()
        }
    }

    private func finish(close: WebSocketCloseFrame?, failure: String?) {
        record { transcript in
            transcript.ended = true
            transcript.close = close
            transcript.failure = failure
        }
        outgoingContinuation.finish()
    }

    private func record(_ change: (inout LiveTranscript) -> Void) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            change(&state.transcript)
            state.version += 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once anything was received after `version`, or at the deadline.
    private func changed(after version: Int, until deadline: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.nextVersion(after: version) }
            // The deadline of the wait, not a way to order events.
            group.addTask { try? await Task.sleep(until: deadline) }
            await group.next()
            group.cancelAll()
        }
    }

    private func nextVersion(after version: Int) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    guard state.version == version, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

/// A test expectation that failed with a message saying what was awaited and what arrived instead.
struct LiveTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
