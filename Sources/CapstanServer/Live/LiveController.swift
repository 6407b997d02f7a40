import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import LiveHub
import Logging

/// `GET /api/v1/ws`: the WebSocket of the live path.
///
/// Before the upgrade: the caller is authenticated (by ``AuthMiddleware``), the `Origin` is checked
/// against the server's own origin and the allow-list (cross-site WebSocket hijacking), and the
/// per-address and per-user connection limits are applied.
struct LiveController {
    let hub: LiveHub
    let configuration: LiveConfiguration
    let auth: AuthService
    let addresses: ConnectionLimiter
    let users: ConnectionLimiter
    let sweeper: ConnectionSweeper
    let keepalive: KeepaliveWheel.Registry

    init(hub: LiveHub, configuration: LiveConfiguration, auth: AuthService) {
        self.hub = hub
        self.configuration = configuration
        self.auth = auth
        self.addresses = ConnectionLimiter(limit: configuration.maxConnectionsPerAddress)
        self.users = ConnectionLimiter(limit: auth.configuration.maxConnectionsPerUser)
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
        let addresses = self.addresses
        let users = self.users
        let sweeper = self.sweeper
        let keepalive = self.keepalive
        let allowedOrigins = auth.configuration.allowedOrigins
        let hub = self.hub
        let configuration = self.configuration
        let auth = self.auth
        api.webSocket("ws") { request, context in
            guard let identity = context.identity else {
                throw APIError(.unauthorized, code: "unauthorized", message: "sign in first")
            }
            try Self.checkOrigin(request, allowed: allowedOrigins)
            // Limits are applied after the upgrade (below), so the client gets a close code and a reason: a
            // refused upgrade can only be a bare 400.
            let headers = Request.subprotocolHeaders(request)
            let address = context.clientAddress
            let logger = context.logger
            return (headers, .handlers { channel in
                let socket = LiveSocket(maxMessageBytes: configuration.maxFrameBytes, logger: logger)
                // Counted once upgraded (a plain GET on this path never holds a slot).
                guard addresses.acquire(address) else {
                    return try LiveSocket.refuse(channel, socket: socket, code: 4029, reason: "at most \(addresses.limit) WebSocket connections per client address")
                }
                guard users.acquire(identity.userID.uuidString) else {
                    addresses.release(address)
                    return try LiveSocket.refuse(channel, socket: socket, code: 4029, reason: "at most \(users.limit) WebSocket connections per user")
                }
                let connection = LiveConnection(
                    hub: hub, configuration: configuration, logger: logger, auth: auth, identity: identity,
                    sweeper: sweeper, keepalive: keepalive
                )
                let release: @Sendable () -> Void = {
                    addresses.release(address)
                    users.release(identity.userID.uuidString)
                }
                do {
                    try connection.start(on: channel, socket: socket, onEnd: release)
                } catch {
                    release()
                    throw error
                }
            })
        }
    }

    /// Browsers always send `Origin`; it must be this server's own origin or an allowed one.
    /// Other clients (CLI, scripts) send none and are not subject to cross-site hijacking.
    static func checkOrigin(_ request: Request, allowed: [String]) throws {
        guard let origin = request.headers[.origin] else { return }
        // Browsers send the page's http(s) origin (or "null"); a ws:// origin comes from a non-browser
        // client library (swift-websocket sends one), which is not subject to cross-site hijacking.
        if origin.hasPrefix("ws://") || origin.hasPrefix("wss://") { return }
        let host = request.head.authority ?? ""
        let own = ["http://\(host)", "https://\(host)"]
        guard own.contains(origin) || allowed.contains(origin) else {
            throw APIError(.forbidden, code: "forbidden", message: "WebSocket connections from origin '\(origin)' are not allowed")
        }
    }
}
