import Foundation
import HTTPTypes
import Hummingbird
import LiveHub
import Logging
import NIOCore

/// `GET /api/v1/ws`: the WebSocket of the live path.
///
/// Before the upgrade: the caller is authenticated (by ``AuthMiddleware``), the `Origin` is checked
/// against the server's own origin and the allow-list (cross-site WebSocket hijacking), and the
/// per-address and per-user connection limits are applied.
struct LiveController {
    let hub: LiveHub
    let configuration: LiveConfiguration
    let auth: AuthService
    /// Connections per client address and per user.
    let slots: ConnectionSlots
    let sweeper: ConnectionSweeper
    let keepalive: KeepaliveWheel.Registry

    init(hub: LiveHub, configuration: LiveConfiguration, auth: AuthService) {
        self.hub = hub
        self.configuration = configuration
        self.auth = auth
        self.slots = ConnectionSlots(
            perAddress: configuration.maxConnectionsPerAddress, perUser: auth.configuration.maxConnectionsPerUser,
            noun: "WebSocket connections"
        )
        // A quarter of the shortest deadline it enforces, at most 2.5 s: at 10,000 connections each sweep
        // costs a few milliseconds, and the defaults (idle 300 s, slow client 10 s, re-authentication grace
        // 30 s) need no finer step. Idleness and expiry are looked at only every few sweeps (a quarter of the
        // shorter of the two, at most 10 s): with the defaults every third sweep.
        let grace = Duration.milliseconds(Int64(configuration.reauthenticationGrace * 1000))
        let shortest = min(configuration.idleTimeout, configuration.slowClientLimit, grace)
        let step = max(.milliseconds(50), min(shortest / 4, .milliseconds(2500)))
        let slow = min(min(configuration.idleTimeout, grace) / 4, .seconds(10))
        self.sweeper = ConnectionSweeper(step: step, thoroughEvery: Int(slow / step))
        self.keepalive = KeepaliveWheel.Registry(interval: configuration.pingInterval, timeout: configuration.pingTimeout)
    }

    func addRoutes(to api: RouterGroup<CapstanRequestContext>) {
        api.webSocket("ws") { [self] request, context, identity in
            try request.checkWebSocketOrigin(allowed: auth.configuration.allowedOrigins)
            // Limits are applied after the upgrade (in `start`), so the client gets a close code and a reason: a
            // refused upgrade can only be a bare 400.
            let (address, logger) = (context.clientAddress, context.logger)
            return .handlers { channel in try start(on: channel, identity: identity, address: address, logger: logger) }
        }
    }

    /// Runs an upgraded connection, on its event loop: its slots (counted once upgraded: a plain GET on this path
    /// never holds one), then the connection, which gives them back when it ends.
    private func start(on channel: any Channel, identity: Identity, address: String, logger: Logger) throws {
        let socket = LiveSocket(maxMessageBytes: configuration.maxFrameBytes, logger: logger)
        let user = identity.userID.uuidString
        if let refusal = slots.take(address: address, user: user) {
            return try LiveSocket.refuse(channel, socket: socket, code: 4029, reason: refusal)
        }
        let connection = LiveConnection(
            hub: hub, configuration: configuration, logger: logger, auth: auth, identity: identity,
            sweeper: sweeper, keepalive: keepalive
        )
        let slots = self.slots
        do {
            try connection.start(on: channel, socket: socket) { slots.give(address: address, user: user) }
        } catch {
            slots.give(address: address, user: user)
            throw error
        }
    }
}
