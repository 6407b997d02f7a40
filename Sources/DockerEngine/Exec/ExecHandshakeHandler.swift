import NIOCore
import NIOHTTP1

/// Sends `POST /exec/{id}/start` and, once the engine has switched protocols, turns the channel into a raw
/// byte stream.
///
/// The switch happens when the decoder delivers the *end* of the `101` response (switching on the head is
/// too early: the decoder is still in the middle of its read). The HTTP encoder and decoder are removed; the
/// decoder forwards the bytes it read past the response (the first output may arrive in the same read) and
/// this handler holds them until the ``NIOAsyncChannel`` handlers are in place, then replays them and removes
/// itself. Any other answer fails the promise with the engine's error.
final class ExecHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart
    typealias RawChannel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private enum State {
        case idle
        case requestSent
        /// The head of the 101 arrived; its `.end` is next.
        case upgrading
        /// The 101 ended: the HTTP handlers are being removed and raw bytes are held.
        case switching
        case refused(status: Int, body: ByteBuffer)
        case finished
    }

    private var state = State.idle
    private let head: HTTPRequestHead
    private let body: ByteBuffer
    private let httpHandlers: [any RemovableChannelHandler]
    private let timeout: TimeAmount
    private let promise: EventLoopPromise<RawChannel>
    private var buffered: [NIOAny] = []
    private var timeoutTask: Scheduled<Void>?

    /// The largest error body kept.
    private static let maxErrorBody = 64 * 1024

    init(
        head: HTTPRequestHead, body: ByteBuffer, httpHandlers: [any RemovableChannelHandler], timeout: TimeAmount,
        promise: EventLoopPromise<RawChannel>
    ) {
        self.head = head
        self.body = body
        self.httpHandlers = httpHandlers
        self.timeout = timeout
        self.promise = promise
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { sendRequest(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        sendRequest(context: context)
        context.fireChannelActive()
    }

    private func sendRequest(context: ChannelHandlerContext) {
        guard case .idle = state else { return }
        state = .requestSent
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeoutTask = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.fail(
                DockerError(code: .timeout, message: "the Docker engine did not answer the exec start in time"),
                context: context
            )
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch state {
        case .switching:
            // Raw bytes forwarded by the decoder on its way out, or read before the switch completed.
            buffered.append(data)
            return
        case .idle, .finished:
            return
        case .requestSent, .upgrading, .refused:
            break
        }
        switch unwrapInboundIn(data) {
        case .head(let response):
            if response.status == .switchingProtocols {
                state = .upgrading
                return
            }
            if (200..<300).contains(response.status.code) {
                // Without the upgrade the engine hijacks anyway and answers 200 with a body to EOF: not ours.
                fail(
                    DockerError(
                        code: .invalidResponse,
                        message: "the engine answered \(response.status.code) instead of 101 to the exec start"
                    ), context: context
                )
                return
            }
            state = .refused(status: Int(response.status.code), body: context.channel.allocator.buffer(capacity: 0))
        case .body(var part):
            if case .refused(let status, var body) = state {
                if body.readableBytes < Self.maxErrorBody { body.writeBuffer(&part) }
                state = .refused(status: status, body: body)
            }
        case .end:
            switch state {
            case .upgrading:
                state = .switching
                switchProtocols(context: context)
            case .refused(let status, let body):
                fail(DockerError.fromResponse(status: status, body: body), context: context)
            default:
                break
            }
        }
    }

    /// Removes the HTTP handlers; the decoder forwards the bytes it holds past the response as it goes.
    private func switchProtocols(context: ChannelHandlerContext) {
        let pipeline = context.pipeline
        let removals = httpHandlers.map { pipeline.syncOperations.removeHandler($0) }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        EventLoopFuture.andAllSucceed(removals, on: context.eventLoop).whenComplete { result in
            let (handler, context) = loopBound.value
            handler.finishSwitch(result, context: context)
        }
    }

    private func finishSwitch(_ result: Result<Void, any Error>, context: ChannelHandlerContext) {
        guard case .switching = state else { return }
        do {
            try result.get()
            let channel = try RawChannel(
                wrappingChannelSynchronously: context.channel,
                configuration: .init(isOutboundHalfClosureEnabled: true)
            )
            state = .finished
            timeoutTask?.cancel()
            let replay = buffered
            buffered = []
            for data in replay { context.fireChannelRead(data) }
            if !replay.isEmpty { context.fireChannelReadComplete() }
            promise.succeed(channel)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        } catch {
            fail(error, context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(
            DockerError(code: .unreachable, message: "the Docker engine closed the connection before the exec started"),
            context: context
        )
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch state {
        case .finished:
            context.fireErrorCaught(error)
        default:
            fail(error, context: context)
        }
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        if case .finished = state { return }
        state = .finished
        timeoutTask?.cancel()
        buffered = []
        promise.fail(error)
        context.close(promise: nil)
    }
}
