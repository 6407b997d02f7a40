import NIOCore

/// The floor server's control connection: each line is the index of a fan-out to start now.
///
/// A plain TCP socket apart from the WebSocket port, so the trigger costs the measured path
/// nothing: no extra WebSocket client, no frame to decode on the event loops that write.
final class FanoutControlHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let hub: FanoutHub
    private var pending: [UInt8] = []

    init(hub: FanoutHub) { self.hub = hub }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        while let byte = buffer.readInteger(as: UInt8.self) {
            guard byte == UInt8(ascii: "\n") else {
                // Bounded: a line is a number.
                if pending.count < 32 { pending.append(byte) }
                continue
            }
            let seq = Int(String(decoding: pending, as: UTF8.self)) ?? -1
            pending.removeAll(keepingCapacity: true)
            if seq >= 0 { hub.fanOut(seq: seq) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
