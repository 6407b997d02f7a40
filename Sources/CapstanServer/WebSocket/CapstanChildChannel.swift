import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
@_spi(WSInternal) import WSCore

/// Every connection the server accepts: HTTP/1.1, upgraded to a WebSocket when a route of the WebSocket
/// router accepts it (``RouterMethods/webSocket(_:accept:)``).
///
/// Hummingbird's own upgrade channel runs every WebSocket in a task that lives as long as the connection,
/// with an async channel and the WebSocket layer's reader and writer: about 20 KB per connection at
/// 10,000 idle live clients, where the whole target is 20 KB. This one does the same upgrade but lets
/// the route choose: a ``WebSocketUpgrade/handlers(_:)`` connection lives in its channel handlers and
/// its task ends with the upgrade; a ``WebSocketUpgrade/task(_:)`` one runs as Hummingbird's does.
struct CapstanChildChannel: ServerChildChannel, HTTPChannelHandler {
    /// Answers an upgrade request: the WebSocket router.
    typealias WebSocketResponder = @Sendable (Request, CapstanRequestContext) async throws -> Response

    /// How the connection went on after its first request.
    enum UpgradeResult: Sendable {
        /// Upgraded; its handlers run it.
        case installed
        /// Upgraded; a task runs it.
        case task(
            NIOAsyncChannel<WebSocketFrame, WebSocketFrame>,
            @Sendable (WebSocketInboundStream, WebSocketOutboundWriter, Logger) async throws -> Void, Logger
        )
        /// Plain HTTP.
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// An upgrade that no route accepted.
        case failedUpgrade(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, Logger)
    }

    /// The connection and the future of its upgrade decision.
    struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let webSocketResponder: WebSocketResponder
    let configuration: HTTP1WebSocketUpgradeChannel.Configuration

    init(responder: @escaping HTTPChannelHandler.Responder, webSocketResponder: @escaping WebSocketResponder, configuration: HTTP1WebSocketUpgradeChannel.Configuration) {
        self.responder = Self.redirectingUpgrades(responder)
        self.webSocketResponder = webSocketResponder
        self.configuration = configuration
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // Request contexts take their id from here (``RequestContext/id``, the audit's request id).
            var tagged = logger
            tagged[metadataKey: "hb.request.id"] = .stringConvertible(RequestID())
            let logger = tagged
            let attempted = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
            let chosen = NIOLoopBoundBox<WebSocketUpgrade?>(nil, eventLoop: channel.eventLoop)
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: configuration.ws.maxFrameSize,
                shouldUpgrade: { channel, head in
                    attempted.value = true
                    return accept(head, channel: channel, logger: logger).map { accepted in
                        guard let accepted else { return nil }
                        chosen.value = accepted.upgrade
                        return HTTPHeaders(accepted.headers)
                    }
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        switch chosen.value {
                        case .handlers(let install):
                            try install(channel)
                            return .installed
                        case .task(let run):
                            let async = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                                wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true)
                            )
                            return .task(async, run, logger)
                        case nil:
                            preconditionFailure("upgraded without an accepted upgrade")
                        }
                    }
                }
            )
            let http1 = configuration.http1
            let serverUpgrade = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try pipeline.addHandlers(http1.additionalChannelHandlers())
                        try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: http1.idleTimeout.map { .init($0) }, logger: logger))
                        let async = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true)
                        )
                        return attempted.value ? .failedUpgrade(async, logger) : .notUpgraded(async)
                    }
                }
            )
            var pipelineConfiguration = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(upgradeConfiguration: serverUpgrade)
            pipelineConfiguration.enablePipelining = false  // NIOAsyncChannel takes one request at a time
            pipelineConfiguration.enableErrorHandling = false  // Hummingbird answers errors
            pipelineConfiguration.enableResponseHeaderValidation = false  // HTTPTypes validates
            pipelineConfiguration.decoderConfiguration.maxHeaderFieldSize = http1.httpDecoder.maxHeaderFieldSize
            pipelineConfiguration.decoderConfiguration.maxHeaderListSize = http1.httpDecoder.maxHeaderListSize
            pipelineConfiguration.decoderConfiguration.maxHeaderFieldCount = http1.httpDecoder.maxHeaderFieldCount
            let result = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: pipelineConfiguration)
            return Value(upgradeResult: result, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .installed:
                // The connection's handlers took it over: this task (and its memory) ends here.
                return
            case .task(let async, let run, let logger):
                await runTask(async, run: run, logger: logger)
            case .notUpgraded(let http1):
                await handleHTTP(asyncChannel: http1, logger: logger)
            case .failedUpgrade(let http1, let logger):
                logger.debug("WebSocket upgrade refused")
                await refuse(http1, logger: logger)
            }
        } catch let error as ChannelError where error == .inputClosed {
            logger.trace("connection closed before its first request ended")
        } catch {
            logger.debug("upgrade failed", metadata: ["error": "\(error)"])
        }
    }

    /// The route's decision on an upgrade request: it runs through the WebSocket router, middleware and all.
    private func accept(_ head: HTTPRequestHead, channel: any Channel, logger: Logger) -> EventLoopFuture<(headers: HTTPFields, upgrade: WebSocketUpgrade)?> {
        let request: HTTPRequest
        do {
            request = try HTTPRequest(head, secure: false, splitCookie: false)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let promise = channel.eventLoop.makePromise(of: (headers: HTTPFields, upgrade: WebSocketUpgrade)?.self)
        promise.completeWithTask { [webSocketResponder] in
            let context = CapstanRequestContext(source: .init(channel: channel, logger: logger))
            do {
                let response = try await webSocketResponder(Request(head: request, body: .init(buffer: .init())), context)
                guard response.status == .ok, let upgrade = context.upgrade.take() else { return nil }
                return (response.headers, upgrade)
            } catch {
                return nil
            }
        }
        return promise.futureResult
    }

    private func runTask(
        _ async: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>,
        run: @escaping @Sendable (WebSocketInboundStream, WebSocketOutboundWriter, Logger) async throws -> Void, logger: Logger
    ) async {
        let ws = configuration.ws
        do {
            _ = try await WebSocketHandler.handle(
                type: .server,
                configuration: .init(
                    extensions: [], autoPing: ws.autoPing, closeTimeout: ws.closeTimeout, validateUTF8: ws.validateUTF8, maxFrameSize: ws.maxFrameSize
                ),
                asyncChannel: async, context: TaskContext(logger: logger),
                handler: { inbound, outbound, context in try await run(inbound, outbound, context.logger) }
            )
        } catch {
            logger.debug("WebSocket ended with an error", metadata: ["error": "\(error)"])
        }
    }

    /// What the WebSocket layer needs of a context: a logger.
    private struct TaskContext: WebSocketContext {
        let logger: Logger
    }

    /// A refused upgrade: a bare 400 and the connection closes (the router's own error response was written
    /// nowhere: the upgrade check has no channel to write it to).
    private func refuse(_ http1: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, logger: Logger) async {
        do {
            try await http1.executeThenClose { _, outbound in
                let head = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
                try await outbound.write(contentsOf: [.head(head), .end(nil)])
            }
        } catch {
            logger.trace("could not answer a refused upgrade", metadata: ["error": "\(error)"])
        }
    }

    /// NIO's upgrade handler only looks at a connection's first request: an upgrade asked for later on a
    /// kept-alive connection is redirected to the same URI with the connection closed, so the client
    /// asks again on a fresh one (as Hummingbird's upgrade channel does).
    private static func redirectingUpgrades(_ responder: @escaping HTTPChannelHandler.Responder) -> HTTPChannelHandler.Responder {
        return { request, writer, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                try await responder(request, writer, channel)
                return
            }
            var location = request.uri.path
            if let query = request.uri.query { location += "?\(query)" }
            try await writer.writeResponse(HTTPResponse(status: .temporaryRedirect, headerFields: [.connection: "close", .location: location]))
            throw RedirectedUpgrade()
        }
    }
}

/// Ends a connection whose later request asked for an upgrade, once it was redirected.
private struct RedirectedUpgrade: Error {}
