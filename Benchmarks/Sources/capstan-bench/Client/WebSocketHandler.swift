import NIOCore
import NIOWebSocket

/// The pipeline end of one client WebSocket: stamps and forwards text messages, answers pings,
/// reassembles fragments (bounded by the decoder's frame limit), and reports the close.
final class WebSocketHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let sink: FrameSink
    private let connection: Int
    private var fragments: ByteBuffer?
    private var fragmentStart: Int64 = 0
    private var closeCode: UInt16?
    private var reported = false

    init(sink: FrameSink, connection: Int) {
        self.sink = sink
        self.connection = connection
    }

    func handlerAdded(context: ChannelHandlerContext) {
        for message in sink.openingMessages(connection: connection) {
            let data = context.channel.allocator.buffer(string: message)
            context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: data)), promise: nil)
        }
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Stamped first: the latency is to the arrival here, not to the end of our parsing.
        let now = WallClock.nanos()
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            if frame.fin {
                sink.received(frame.unmaskedData, at: now, connection: connection)
            } else {
                fragments = frame.unmaskedData
                fragmentStart = now
            }
        case .continuation:
            guard var pending = fragments else { return }
            var part = frame.unmaskedData
            pending.writeBuffer(&part)
            if frame.fin {
                fragments = nil
                sink.received(pending, at: now, connection: connection)
            } else {
                fragments = pending
            }
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            var payload = frame.unmaskedData
            closeCode = payload.readInteger(as: UInt16.self)
            let reply = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: context.channel.allocator.buffer(capacity: 0))
            context.writeAndFlush(wrapOutboundOut(reply)).whenComplete { _ in context.close(promise: nil) }
        default:
            _ = frame
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        report()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func report() {
        guard !reported else { return }
        reported = true
        sink.closed(connection: connection, code: closeCode)
    }
}
