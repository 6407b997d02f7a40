import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Opens the hijacked connection of an exec session: a connection of its own to the engine (unix socket, or
/// TCP with the client's TLS settings), `POST /exec/{id}/start` with `Connection: Upgrade` / `Upgrade: tcp`,
/// and after the engine's `101` the raw byte stream both ways.
///
/// AsyncHTTPClient cannot do this (it reads the 101 as an empty response and offers no way to write), hence
/// this small SwiftNIO client. The channel is wrapped with outbound half-closure enabled: finishing the writer
/// sends `shutdown(SHUT_WR)` (or a TLS close_notify), which the engine turns into EOF on the process's stdin.
enum ExecConnection {
    typealias RawChannel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// Connects and starts exec `id`, returning the raw stream once the engine has switched protocols.
    ///
    /// - Parameter tty: sent as the start's `Tty`: the engine multiplexes the output unless it is true.
    static func start(id: String, tty: Bool, transport: EngineTransport) async throws -> RawChannel {
        let version = try await transport.negotiatedVersion()
        let body = ByteBuffer(string: #"{"Detach":false,"Tty":\#(tty)}"#)
        let head = HTTPRequestHead(
            version: .http1_1, method: .POST, uri: "/v\(version)/exec/\(id)/start",
            headers: [
                "Host": "docker", "User-Agent": "capstan", "Content-Type": "application/json",
                "Content-Length": String(body.readableBytes), "Connection": "Upgrade", "Upgrade": "tcp",
            ]
        )

        let host = transport.host
        let handshakeTimeout = transport.requestTimeout
        let tls: (context: NIOSSLContext, serverName: String?)?
        do {
            if let configuration = transport.tlsConfiguration, case .tcp(let name, _) = host.endpoint {
                // SNI takes host names only; an IP address is verified against the certificate's IP SANs.
                let isAddress = (try? SocketAddress(ipAddress: name, port: 0)) != nil
                tls = (try NIOSSLContext(configuration: configuration), isAddress ? nil : name)
            } else {
                tls = nil
            }
        } catch {
            throw DockerError(code: .badRequest, message: "cannot set up TLS for the Docker engine at \(host): \(error)")
        }

        let initializer: @Sendable (any Channel) -> EventLoopFuture<EventLoopFuture<RawChannel>> = { channel in
            channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                if let tls {
                    try pipeline.addHandler(NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverName))
                }
                let encoder = HTTPRequestEncoder()
                let decoder = ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .forwardBytes))
                let promise = channel.eventLoop.makePromise(of: RawChannel.self)
                try pipeline.addHandlers([
                    encoder, decoder,
                    ExecHandshakeHandler(
                        head: head, body: body, httpHandlers: [encoder, decoder], timeout: handshakeTimeout, promise: promise
                    ),
                ])
                return promise.futureResult
            }
        }
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connectTimeout(.seconds(5))
        do {
            let handshake: EventLoopFuture<RawChannel>
            switch host.endpoint {
            case .unix(let path):
                handshake = try await bootstrap.connect(unixDomainSocketPath: path, channelInitializer: initializer)
            case .tcp(let name, let port):
                handshake = try await bootstrap.connect(host: name, port: port, channelInitializer: initializer)
            }
            return try await handshake.get()
        } catch {
            throw mapError(error, transport: transport)
        }
    }

    /// Turns a failure of the exec connection into a ``DockerError`` (or leaves cancellation as it is).
    static func mapError(_ error: any Error, transport: EngineTransport) -> any Error {
        if error is DockerError || error is CancellationError { return error }
        if error is HTTPParserError {
            return DockerError(code: .invalidResponse, message: "cannot parse the engine's answer to the exec start: \(error)")
        }
        return transport.mapTransportError(error)
    }
}
