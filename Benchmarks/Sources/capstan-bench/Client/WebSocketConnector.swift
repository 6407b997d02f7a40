import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// Opens raw SwiftNIO WebSocket client connections to the server.
///
/// Raw NIO rather than a higher-level client: at 10,000 connections on a 2-core machine shared with
/// the server, a task and an async sequence per connection would cost the load generator more
/// than the server; here a connection is a channel with four handlers on one event loop.
struct WebSocketConnector {
    let group: any EventLoopGroup
    let host: String
    let port: Int
    let path: String
    let token: String
    /// The largest message accepted (a log batch can be large).
    var maxFrameSize = 64 * 1024 * 1024

    /// Connects one client; the sink hears every message and the close. The future fails only
    /// when the TCP connection cannot be made.
    func connect(connection: Int, sink: FrameSink) -> EventLoopFuture<any Channel> {
        let host = self.host, path = self.path, token = self.token, maxFrameSize = self.maxFrameSize
        return ClientBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                let request = UpgradeRequestHandler(host: "\(host):\(port)", path: path, token: token)
                let upgrader = NIOWebSocketClientUpgrader(
                    maxFrameSize: maxFrameSize,
                    automaticErrorHandling: true,
                    upgradePipelineHandler: { channel, _ in
                        channel.pipeline.addHandler(WebSocketHandler(sink: sink, connection: connection))
                    }
                )
                let configuration: NIOHTTPClientUpgradeConfiguration = (
                    upgraders: [upgrader],
                    completionHandler: { context in context.pipeline.removeHandler(request, promise: nil) }
                )
                // .forwardBytes: a server that writes its first message at once can put it in the
                // same TCP segment as its 101; the default (.dropBytes) lost it with the HTTP decoder.
                return channel.pipeline.addHTTPClientHandlers(leftOverBytesStrategy: .forwardBytes, withClientUpgrade: configuration).flatMap {
                    channel.pipeline.addHandler(request)
                }
            }
            .connect(host: host, port: port)
    }
}
