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
            // The answer to our own ping stops here: nothing behind this handler needs it.
            return
        }
        context.fireChannelRead(data)
    }

    private func start() {
        guard !added else { return }
        added = true
        nextPing = .now() + wheel.interval
        wheel.add(self)
    }

    private func stop() {
        guard added else { return }
        added = false
        wheel.remove(self)
    }

    /// Called by the wheel: pings when due, closes when the pong is overdue.
    ///
    /// Every connection of the loop is looked at on every tick, so the common case (nothing due) compares two
    /// deadlines and touches nothing else: reading `context.channel` alone retained the channel and cost more
    /// than all the pings together (perf, 10,000 idle clients). The wheel holds only active connections.
    func tick(now: NIODeadline) {
        if let deadline {
            guard now >= deadline, let context else { return }
            timedOut(context: context)
            return
        }
        // A client still owing a pong keeps its deadline; the next ping waits for it.
        guard now >= nextPing, let context else { return }
        sent &+= 1
        var payload = context.channel.allocator.buffer(capacity: 8)
        payload.writeInteger(sent)
        awaiting = payload
        deadline = now + wheel.timeout
        nextPing = now + wheel.interval
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: payload)), promise: nil)
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
