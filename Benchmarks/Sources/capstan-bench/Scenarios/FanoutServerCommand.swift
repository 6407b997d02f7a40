import ArgumentParser
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// `capstan-bench fanout-server`: the physical floor of the state scenario, a minimal SwiftNIO
/// WebSocket server with no Capstan code.
///
/// It accepts a WebSocket on any path with no sign-in, holds every connection (per event loop),
/// and on each line `N` of its control socket fans out one `status_change`-like message
/// (``FanoutMessage``): stamped, encoded once, written as the same bytes to every connection.
/// `capstan-bench state-floor` measures it with the state scenario's clients. It serves until it
/// is terminated.
struct FanoutServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout-server", abstract: "A bare SwiftNIO WebSocket fan-out server: the state scenario's floor.")

    @Option(help: "The WebSocket port (loopback).") var port: Int
    @Option(help: "The control port (loopback): each line 'N' starts fan-out N.") var controlPort: Int
    /// Capstan's default: one event loop per core.
    @Option(help: "Event-loop threads (default: one per core, as Capstan).") var threads = System.coreCount

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let hub = FanoutHub(group: group)
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let upgrader = NIOWebSocketServerUpgrader(
                    maxFrameSize: 1 << 16,
                    automaticErrorHandling: true,
                    shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
                    upgradePipelineHandler: { channel, _ in
                        channel.pipeline.addHandler(RawFrameWriter(hub: hub), position: .first).flatMap {
                            channel.pipeline.addHandler(FanoutConnectionHandler())
                        }
                    }
                )
                return channel.pipeline.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        // Bound after the WebSocket port: once the control port answers, both are ready.
        _ = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in channel.pipeline.addHandler(FanoutControlHandler(hub: hub)) }
            .bind(host: "127.0.0.1", port: controlPort)
            .get()
        Log.say("fanout-server: WebSocket on 127.0.0.1:\(port), control on \(controlPort), \(threads) event loops")
        try await server.closeFuture.get()
    }
}
