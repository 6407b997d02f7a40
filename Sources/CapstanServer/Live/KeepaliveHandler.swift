import NIOCore
import NIOWebSocket

/// The WebSocket keepalive: a ping every `interval`, and a connection whose client has not answered
/// within `timeout` is closed with 1001 "Ping timeout".
///
/// The WebSocket layer's own auto-ping uses one period for both (a ping every 30 s could only time out
/// after 30 s); this handler sits in each upgraded connection's pipeline, after the frame decoder, and
/// sees the pong frames the layer keeps to itself. It only reads pongs (the answers to its own pings stop here) and writes pings and the close:
/// every other frame passes through untouched.
final class KeepaliveHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let interval: TimeAmount
    private let timeout: TimeAmount
    private var nextPing: Scheduled<Void>?
    private var deadline: Scheduled<Void>?
    /// The payload of the ping waiting for its pong (a counter: a pong for an older ping does not count).
    private var awaiting: ByteBuffer?
    private var sent: UInt64 = 0

    init(interval: TimeAmount, timeout: TimeAmount) {
        self.interval = interval
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { schedulePing(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        schedulePing(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { stop() }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if frame.opcode == .pong, let awaiting, frame.unmaskedData == awaiting {
            self.awaiting = nil
            deadline?.cancel()
            deadline = nil
            // The answer to our own ping stops here: passed on, it would wake the connection's task for
            // nothing (the layer's auto-ping is off) — at 10,000 clients, 333 wake-ups a second.
            return
        }
        context.fireChannelRead(data)
    }

    private func stop() {
        nextPing?.cancel()
        deadline?.cancel()
        nextPing = nil
        deadline = nil
    }

    private func schedulePing(context: ChannelHandlerContext) {
        guard nextPing == nil, interval > .zero else { return }
        let loop = context.eventLoop.assumeIsolated()
        nextPing = loop.scheduleTask(in: interval) { [self] in
            nextPing = nil
            ping(context: context)
        }
    }

    private func ping(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        // A client still owing a pong keeps its deadline; the next ping waits for it.
        if awaiting == nil {
            sent &+= 1
            var payload = context.channel.allocator.buffer(capacity: 8)
            payload.writeInteger(sent)
            awaiting = payload
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: payload)), promise: nil)
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                deadline = nil
                timedOut(context: context)
            }
        }
        schedulePing(context: context)
    }

    private func timedOut(context: ChannelHandlerContext) {
        stop()
        guard context.channel.isActive else { return }
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
