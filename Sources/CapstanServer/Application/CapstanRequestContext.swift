import Foundation
import NIOCore
import Hummingbird

/// The per-request context of the Capstan HTTP API and its WebSocket.
public struct CapstanRequestContext: RequestContext {
    /// Hummingbird's own per-request storage (logger, parameters).
    public var coreContext: CoreRequestContextStorage
    /// Where a WebSocket route hands over how its upgraded connection is run.
    let upgrade: WebSocketUpgradeSlot
    /// The client's address (IP without port), for per-address limits and the audit.
    public let clientAddress: String
    /// Who is calling, once the auth middleware verified a token.
    public var identity: Identity?

    /// Creates a context for a request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.upgrade = WebSocketUpgradeSlot()
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        self.identity = nil
    }

    /// Client address and request id, for the audit.
    public var client: ClientInfo { ClientInfo(address: clientAddress, requestID: id) }

    /// JSON bodies are small commands: anything bigger is refused with 413 rather than buffered.
    public var maxUploadSize: Int { 1024 * 1024 }
}
