import Foundation
import Hummingbird
import HummingbirdWebSocket

/// The per-request context of the Capstan HTTP API and its WebSocket.
public struct CapstanRequestContext: RequestContext, WebSocketRequestContext {
    /// Hummingbird's own per-request storage (logger, parameters).
    public var coreContext: CoreRequestContextStorage
    /// Where a WebSocket upgrade hands over its handler.
    public let webSocket: WebSocketHandlerReference<Self>
    /// The client's address (IP without port), for per-address limits and the audit.
    public let clientAddress: String

    /// Creates a context for a request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// JSON bodies are small commands: anything bigger is refused with 413 rather than buffered.
    public var maxUploadSize: Int { 1024 * 1024 }
}
