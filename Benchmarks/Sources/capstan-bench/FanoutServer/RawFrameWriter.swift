import NIOCore

/// The socket end of one floor-server connection: writes pre-framed WebSocket bytes straight to
/// the socket, past the frame encoder, and registers itself with the hub while it is in the pipeline.
///
/// It sits first in the pipeline (next to the socket), so a write from its context reaches the
/// socket with no handler in between; everything else the connection writes passes through it.
final class RawFrameWriter: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let hub: FanoutHub
    private var context: ChannelHandlerContext?

    init(hub: FanoutHub) { self.hub = hub }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        hub.register(self, on: context.eventLoop)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        hub.unregister(self, on: context.eventLoop)
        self.context = nil
    }

    /// Writes and flushes one complete frame (on the channel's event loop).
    func send(_ frame: ByteBuffer) {
        guard let context else { return }
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }
}
