import CapstanWire
import LiveHub
import NIOCore
import NIOWebSocket

/// The write side of one live connection, on its channel's event loop: the client's queue notifies
/// it, and it encodes what is pending and writes it straight into the pipeline.
///
/// Not a task: a writer task per connection cost a task wake-up and an async writer hop per delivered
/// message (a third of the server's CPU per delivery in the `state` benchmark) and its memory at 10,000
/// clients. Backpressure is the channel's own: while the channel is not writable (a client reading
/// slowly) nothing is taken, so the queue fills and degrades (gaps, resyncs) and, after its slow
/// limit, closes as too slow. It sits after the frame decoder, before the ``LiveSocket``: the socket's
/// frames (pongs, the close) pass through it, and once a close frame went out it writes nothing more. Its own frames are whole (``TextFrame``) and enter the pipeline below NIO's
/// frame encoder, so a frame shared by a thousand connections is one buffer written a thousand times.
final class LiveWriter: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// Builds a fresh snapshot for a subscription that fell behind (sub, engine).
    typealias Resnapshot = @Sendable (_ sub: String, _ engine: String) -> ServerMessage?

    private let queue: ClientQueue
    private let resnapshot: Resnapshot
    /// Told when a drain found the socket full (on the event loop): the queue may fall behind from here.
    private let onBlocked: @Sendable () -> Void
    /// Told once when the queue closed as too slow (on the event loop).
    private let onTooSlow: @Sendable () -> Void
    private let encoder = OutboundEncoder()
    private var lastSeq: [String: UInt64] = [:]
    private var context: ChannelHandlerContext?
    /// Where whole frames are written: the frame encoder's own context, so they go on below it. Set by
    /// `install` before the writer joins the pipeline (its first drain may run as it is added).
    private var framed: ChannelHandlerContext?
    /// A close frame went out: nothing may follow it.
    private var closing = false

    init(
        queue: ClientQueue, resnapshot: @escaping Resnapshot, onBlocked: @escaping @Sendable () -> Void,
        onTooSlow: @escaping @Sendable () -> Void
    ) {
        self.queue = queue
        self.resnapshot = resnapshot
        self.onBlocked = onBlocked
        self.onTooSlow = onTooSlow
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        queue.setNotifier {
            if loop.inEventLoop {
                bound.value.drain()
            } else {
                loop.execute { bound.value.drain() }
            }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        queue.setNotifier(nil)
        self.context = nil
        framed = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        // Breaks the cycle queue → notifier → handler → queue as soon as the connection is gone.
        queue.setNotifier(nil)
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { drain() }
        context.fireChannelWritabilityChanged()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if unwrapOutboundIn(data).opcode == .connectionClose { closing = true }
        context.write(data, promise: promise)
    }

    /// Takes what is pending and writes it, one flush for all of it; nothing while the channel is not
    /// writable (its writability change calls this again).
    private func drain() {
        guard let context, let framed, !closing else { return }
        guard context.channel.isWritable else {
            // A client that reads nothing never makes the channel writable again: the close is not left to that.
            if queue.closeReason == .tooSlow { onTooSlow() } else { onBlocked() }
            return
        }
        guard let outputs = queue.take() else {
            if queue.closeReason == .tooSlow { onTooSlow() }
            return
        }
        if outputs.isEmpty { return }
        let frames = encoder.frames(outputs, resnapshot: resnapshot, lastSeq: &lastSeq)
        for frame in frames { framed.write(NIOAny(frame), promise: nil) }
        framed.flush()
    }
}

extension LiveWriter {
    /// Puts a live connection's handlers into its upgraded pipeline, on its event loop: the keepalive right
    /// after the frame decoder (it must see the pongs first), the writer after it (see the type's summary),
    /// and the socket last, after NIO's protocol error handler.
    static func install(on channel: any Channel, keepalive wheels: KeepaliveWheel.Registry, writer: LiveWriter, socket: LiveSocket) throws {
        let pipeline = channel.pipeline.syncOperations
        let decoder = try pipeline.handler(type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
        let keepalive = KeepaliveHandler(wheel: wheels.wheel(for: channel.eventLoop))
        try pipeline.addHandler(keepalive, position: .after(decoder))
        // Looked up once, here, where a pipeline without it is an error rather than a writer that never writes.
        writer.framed = try pipeline.context(handlerType: WebSocketFrameEncoder.self)
        try pipeline.addHandler(writer, position: .after(keepalive))
        try pipeline.addHandler(socket)
    }
}
