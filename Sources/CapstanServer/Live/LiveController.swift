import Hummingbird
import HummingbirdWebSocket
import LiveHub
import Logging

/// `GET /api/v1/ws`: the WebSocket of the live path.
struct LiveController {
    let hub: LiveHub
    let configuration: LiveConfiguration
    let limiter: ConnectionLimiter

    init(hub: LiveHub, configuration: LiveConfiguration) {
        self.hub = hub
        self.configuration = configuration
        self.limiter = ConnectionLimiter(limit: configuration.maxConnectionsPerAddress)
    }

    func addRoutes(to api: RouterGroup<CapstanRequestContext>) {
        let limiter = self.limiter
        api.ws(
            "ws",
            shouldUpgrade: { _, context in
                guard limiter.hasRoom(context.clientAddress) else {
                    throw APIError(
                        .tooManyRequests, code: "limit_reached",
                        message: "at most \(limiter.limit) WebSocket connections per client address"
                    )
                }
                return .upgrade([:])
            },
            onUpgrade: { inbound, outbound, context in
                let address = context.requestContext.clientAddress
                // Counted once upgraded (a plain GET on this path never holds a slot).
                guard limiter.acquire(address) else {
                    try await outbound.close(
                        .init(codeNumber: 4029), reason: "at most \(limiter.limit) WebSocket connections per client address"
                    )
                    return
                }
                defer { limiter.release(address) }
                let connection = LiveConnection(hub: hub, configuration: configuration, logger: context.logger)
                await connection.run(inbound: inbound, outbound: outbound)
            }
        )
    }
}
