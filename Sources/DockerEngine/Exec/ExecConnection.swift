import Foundation
import NIOCore
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
        let request = Self.request(id: id, tty: tty, version: version)
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
                let promise = channel.eventLoop.makePromise(of: RawChannel.self)
                try pipeline.addHandler(ExecHandshakeHandler(request: request, timeout: handshakeTimeout, promise: promise))
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

    /// The request, written as bytes: the answer is parsed by hand too (see ``ExecHandshakeHandler``).
    static func request(id: String, tty: Bool, version: APIVersion) -> ByteBuffer {
        let body = #"{"Detach":false,"Tty":\#(tty)}"#
        return ByteBuffer(
            string: "POST /v\(version)/exec/\(id)/start HTTP/1.1\r\n"
                + "Host: docker\r\nUser-Agent: capstan\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n" + body
        )
    }

    /// Turns a failure of the exec connection into a ``DockerError`` (or leaves cancellation as it is).
    static func mapError(_ error: any Error, transport: EngineTransport) -> any Error {
        if error is DockerError || error is CancellationError { return error }
        return transport.mapTransportError(error)
    }
}
