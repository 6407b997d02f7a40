import NIOCore

/// Sends `POST /exec/{id}/start` and, when the engine switches protocols, turns the channel into a raw byte
/// stream in the same step.
///
/// The switch is synchronous with the read that completes the `101` head (see ``ExecStartResponse``): the
/// ``NIOAsyncChannel`` handlers are added behind this one, the bytes read past the head are passed on to them,
/// and this handler leaves the pipeline — all before the next event. This matters because the engine often
/// sends the head, the whole output and its EOF together (a fast process; the "has already run" error, which
/// it reports *inside* the switched stream): NIO's HTTP decoder removes itself a tick later and drops what it
/// holds when the EOF comes first, so it is not used here. Any other answer fails the promise with the
/// engine's error.
final class ExecHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer
    typealias RawChannel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private let request: ByteBuffer
    private let timeout: TimeAmount
    private let promise: EventLoopPromise<RawChannel>
    private var response = ExecStartResponse()
    private var sent = false
    private var completed = false
    private var timeoutTask: Scheduled<Void>?

    init(request: ByteBuffer, timeout: TimeAmount, promise: EventLoopPromise<RawChannel>) {
        self.request = request
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
        guard !sent else { return }
        sent = true
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeoutTask = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.fail(
                DockerError(code: .timeout, message: "the Docker engine did not answer the exec start in time"), context: context
            )
        }
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !completed else { return }
        do {
            handle(try response.feed(unwrapInboundIn(data)), context: context)
        } catch {
            fail(error, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        endOfInput(context: context)
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event as? ChannelEvent == .some(.inputClosed) { endOfInput(context: context) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    private func endOfInput(context: ChannelHandlerContext) {
        guard !completed else { return }
        do {
            handle(try response.finish(), context: context)
        } catch {
            fail(error, context: context)
        }
    }

    private func handle(_ progress: ExecStartResponse.Progress, context: ChannelHandlerContext) {
        switch progress {
        case .incomplete:
            break
        case .answered(let status, let body):
            fail(DockerError.fromResponse(status: status, body: body), context: context)
        case .switched(let leftover):
            do {
                // Added behind this handler; from here on they receive everything this one passes on.
                let channel = try RawChannel(
                    wrappingChannelSynchronously: context.channel, configuration: .init(isOutboundHalfClosureEnabled: true)
                )
                completed = true
                timeoutTask?.cancel()
                if leftover.readableBytes > 0 {
                    context.fireChannelRead(wrapInboundOut(leftover))
                    context.fireChannelReadComplete()
                }
                promise.succeed(channel)
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            } catch {
                fail(error, context: context)
            }
        }
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard !completed else { return }
        completed = true
        timeoutTask?.cancel()
        promise.fail(error)
        context.close(promise: nil)
    }
}
