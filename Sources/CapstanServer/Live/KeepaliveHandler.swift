import NIOCore
import NIOWebSocket

/// The WebSocket keepalive of one connection: a ping every `interval`, and a connection whose client
/// has not answered within `timeout` is closed with 1001 "Ping timeout".
///
/// One period for both (as the WebSocket layer's auto-ping has) would let a ping every 30 s time out only
/// after 30 s. This handler sits in each upgraded connection's pipeline, right after the frame decoder.
/// It only reads pongs (the answers to its own pings
/// stop here) and writes pings and the close: every other frame passes through untouched. Its timing
/// comes from its event loop's ``KeepaliveWheel``, not from timers of its own.
final class KeepaliveHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let wheel: KeepaliveWheel
    private var context: ChannelHandlerContext?
    private var nextPing: NIODeadline
    /// When the ping waiting for its pong times out.
    private var deadline: NIODeadline?
    /// The payload of the ping waiting for its pong (a counter: a pong for an older ping does not count).
    private var awaiting: ByteBuffer?
    private var sent: UInt64 = 0
    private var added = false
    /// The wheel's bucket this connection is in (the wheel's to set).
    var slot: Int?

    init(wheel: KeepaliveWheel) {
        self.wheel = wheel
        self.nextPing = .now() + wheel.interval
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start() }
    }

    func channelActive(context: ChannelHandlerContext) {
        start()
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if frame.opcode == .pong, let awaiting, frame.unmaskedData == awaiting {
            self.awaiting = nil
            deadline = nil
            // Late (past the next ping's time, possible when the interval is shorter than the timeout): the wheel
            // holds this connection at the deadline, and the next ping is due now.
            if added, nextPing <= .now() { wheel.move(self, due: nextPing) }
            // The answer to our own ping stops here: nothing behind this handler needs it.
            return
        }
        context.fireChannelRead(data)
    }

    private func start() {
        guard !added else { return }
        added = true
        nextPing = .now() + wheel.interval
        wheel.add(self, due: nextPing)
    }

    private func stop() {
        guard added else { return }
        added = false
        wheel.remove(self)
    }

    /// Called by the wheel when this connection is due: pings, or closes when the pong is overdue. Returns
    /// when it is due next, or nil once it stopped (closed, or gone).
    func tick(now: NIODeadline) -> NIODeadline? {
        guard added, let context else { return nil }
        if let deadline {
            guard now >= deadline else {
                // Still owing the pong: the next ping waits for it. Looked at again at the next ping's time when
                // that comes first (a pong by then means a ping on time), else at the deadline.
                return now < nextPing ? min(deadline, nextPing) : deadline
            }
            timedOut(context: context)
            return nil
        }
        guard now >= nextPing else { return nextPing }
        sent &+= 1
        var payload = context.channel.allocator.buffer(capacity: 8)
        payload.writeInteger(sent)
        awaiting = payload
        deadline = now + wheel.timeout
        nextPing = now + wheel.interval
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: payload)), promise: nil)
        return min(now + wheel.timeout, nextPing)
    }

    private func timedOut(context: ChannelHandlerContext) {
        stop()
        deadline = nil
        var data = context.channel.allocator.buffer(capacity: 16)
        data.write(webSocketErrorCode: .goingAway)
        data.writeString("Ping timeout")
        let close = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
        // The client answers nothing: it will not complete a close handshake either. A client that reads
        // nothing may never take the frame: the connection goes a moment later regardless.
        context.writeAndFlush(wrapOutboundOut(close)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) {
            if context.channel.isActive { context.close(promise: nil) }
        }
    }
}
