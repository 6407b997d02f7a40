import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket

extension HTTPServerBuilder {
    /// HTTP/1.1 with WebSocket upgrades decided by `webSocketRouter` (see ``CapstanChildChannel``).
    ///
    /// - Parameter maxFrameBytes: the largest WebSocket frame accepted (bigger ones close with 1009).
    static func capstan(webSocketRouter: Router<CapstanRequestContext>, maxFrameBytes: Int) -> HTTPServerBuilder {
        let webSocketResponder = webSocketRouter.buildResponder()
        return .init { responder in
            CapstanChildChannel(
                responder: responder, webSocketResponder: { try await webSocketResponder.respond(to: $0, context: $1) },
                configuration: .init(
                    // Keepalives are Capstan's own (a 10 s timeout on a 30 s period): see KeepaliveHandler.
                    ws: .init(maxFrameSize: maxFrameBytes, autoPing: .disabled)
                )
            )
        }
    }
}
