import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

/// What a WebSocket route chose for an accepted upgrade: how the upgraded connection is run.
enum WebSocketUpgrade: Sendable {
    /// Channel handlers the route puts into the upgraded pipeline, on the channel's event loop; the
    /// connection then lives in its handlers alone, with no task of its own (the live path: at 10,000
    /// clients a task per connection was a third of the server's memory).
    case handlers(@Sendable (any Channel) throws -> Void)
    /// A task that runs the connection through the WebSocket layer's message streams, for as long as it
    /// is open (terminals: few, and their code reads best as a loop).
    case task(@Sendable (WebSocketInboundStream, WebSocketOutboundWriter, Logger) async throws -> Void)
}

/// Where a WebSocket route hands its ``WebSocketUpgrade`` to the connection that asked for it: the
/// request context is a value copied through the middleware, this box is shared by all its copies.
final class WebSocketUpgradeSlot: Sendable {
    private let chosen = Mutex<WebSocketUpgrade?>(nil)

    init() {}

    /// Records the route's choice.
    func set(_ upgrade: WebSocketUpgrade) { chosen.withLock { $0 = upgrade } }

    /// The route's choice, once; nil when no WebSocket route accepted the request.
    func take() -> WebSocketUpgrade? { chosen.withLock { value in defer { value = nil }; return value } }
}
