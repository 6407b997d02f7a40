import Logging
import NIOCore
import NIOWebSocket

/// The read side of one live connection and its close handshake, on the channel's event loop: frames
/// become whole messages for the connection, control frames are answered here, and closes — the
/// client's, the server's, a protocol error's — follow RFC 6455 §7 with every wait bounded.
///
/// It is the last handler of the upgraded pipeline; its own frames (pongs, the close) go out through the
/// ``LiveWriter``, which stops writing once a close went by.
final class LiveSocket: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// A whole message from the client.
    enum Message {
        /// A text message, valid UTF-8.
        case text(ByteBuffer)
        /// A binary message (not part of the protocol: the connection answers it with an error).
        case binary
    }

    private enum State {
        case open
        /// A close frame went out; the client's answer (or the deadline) ends the connection.
        case closing
        case closed
    }

    private let maxMessageBytes: Int
    private let handshakeLimit: TimeAmount
    private let logger: Logger
    /// Told every whole message, in order.
    var onMessage: (Message) -> Void = { _ in }
    /// Told once, when the connection is gone.
    var onEnd: () -> Void = {}

    private var state = State.open
    private var context: ChannelHandlerContext?
    /// The message being assembled from fragments, and whether it is text.
    private var partial: (buffer: ByteBuffer, text: Bool)?
    /// Drops the connection when the close handshake takes too long.
    private var deadline: Scheduled<Void>?
    private var ended = false

    /// - Parameters:
    ///   - maxMessageBytes: the largest message, over all its fragments (more closes with 1009, as a bigger
    ///     single frame does in NIO's decoder).
    ///   - handshakeLimit: how long the client may take to answer a close frame once it was sent.
    init(maxMessageBytes: Int, handshakeLimit: TimeAmount = .seconds(5), logger: Logger) {
        self.maxMessageBytes = maxMessageBytes
        self.handshakeLimit = handshakeLimit
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        end()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        end()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Protocol errors were answered by NIO's error handler before this one (1002, 1009); anything else
        // (a reset) ends the connection.
        logger.debug("live connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            // The server is shutting down and waits for every connection to end. 1000, as docs/protocol.md
            // promises (1001 means a missed keepalive there).
            close(code: .normalClosure, reason: "the server is shutting down")
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard case .open = state else {
            // While closing only the client's close matters (RFC 6455 §5.5.1: data may be discarded).
            if case .closing = state, frame.opcode == .connectionClose { context.close(promise: nil) }
            return
        }
        guard frame.reservedBits.isEmpty else { return close(code: .protocolError, reason: "no extension was negotiated") }
        switch frame.opcode {
        case .text, .binary:
            guard partial == nil else { return close(code: .protocolError, reason: "a new message began inside a fragmented one") }
            take(frame.unmaskedData, fin: frame.fin, text: frame.opcode == .text)
        case .continuation:
            guard let partial else { return close(code: .protocolError, reason: "a continuation frame without a message") }
            self.partial = nil
            var buffer = partial.buffer
            var data = frame.unmaskedData
            guard buffer.readableBytes + data.readableBytes <= maxMessageBytes else {
                return close(code: .messageTooLarge, reason: "messages are limited to \(maxMessageBytes) bytes")
            }
            buffer.writeBuffer(&data)
            take(buffer, fin: frame.fin, text: partial.text)
        case .ping:
            guard frame.fin else { return close(code: .protocolError, reason: "a fragmented ping") }
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .pong:
            break  // unsolicited, or the answer to a ping the keepalive no longer waits for
        case .connectionClose:
            answerClose(frame.unmaskedData, context: context)
        default:
            close(code: .protocolError, reason: "unknown opcode")
        }
    }

    /// A data frame's payload: kept while the message goes on, handed over when it is whole.
    private func take(_ buffer: ByteBuffer, fin: Bool, text: Bool) {
        guard fin else {
            partial = (buffer, text)
            return
        }
        guard text else { return onMessage(.binary) }
        guard Self.isValidUTF8(buffer) else {
            return close(code: .dataInconsistentWithMessage, reason: "a text message must be valid UTF-8")
        }
        onMessage(.text(buffer))
    }

    /// The client's close: answered with 1000 (1002 for a malformed one: a 1-byte payload, a reason that is
    /// not UTF-8, a code no peer may send), and the connection ends once the answer is out (RFC 6455 §7.1.1:
    /// the server closes the TCP connection).
    private func answerClose(_ payload: ByteBuffer, context: ChannelHandlerContext) {
        state = .closing
        partial = nil
        var payload = payload
        let size = payload.readableBytes
        let code = payload.readWebSocketErrorCode()
        var answer = WebSocketErrorCode.normalClosure
        if size == 1 || !Self.isValidUTF8(payload) {
            answer = .protocolError
        } else if case .unknown(let number) = code, !(3000...4999).contains(number) {
            answer = .protocolError
        }
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: answer)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
        arm(context: context)
    }

    /// Starts the server's side of a close: the frame goes out, the client has `handshakeLimit` to answer,
    /// then the connection is dropped. Nothing happens when a close is already under way.
    func close(code: WebSocketErrorCode, reason: String?) {
        guard case .open = state, let context else { return }
        state = .closing
        partial = nil
        var data = context.channel.allocator.buffer(capacity: 2 + (reason?.utf8.count ?? 0))
        data.write(webSocketErrorCode: code)
        if let reason { data.writeString(reason) }
        // The frame waits behind whatever the client has not read yet; a client that reads nothing takes
        // neither the frame nor the answer, so the deadline covers both.
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)), promise: nil)
        arm(context: context)
    }

    /// Refuses a connection that was upgraded already (a limit): `socket` joins the pipeline only to close
    /// it with `code` and `reason`, which a refused upgrade (a bare 400) could not carry.
    static func refuse(_ channel: any Channel, socket: LiveSocket, code: UInt16, reason: String) throws {
        try channel.pipeline.syncOperations.addHandler(socket)
        socket.close(code: WebSocketErrorCode(codeNumber: Int(code)), reason: reason)
    }

    private func arm(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: handshakeLimit) {
            context.close(promise: nil)
        }
    }

    private static func isValidUTF8(_ buffer: ByteBuffer) -> Bool {
        buffer.withUnsafeReadableBytes { String(validating: $0, as: UTF8.self) != nil }
    }

    private func end() {
        state = .closed
        partial = nil
        deadline?.cancel()
        deadline = nil
        guard !ended else { return }
        ended = true
        onEnd()
        onMessage = { _ in }
        onEnd = {}
    }
}
