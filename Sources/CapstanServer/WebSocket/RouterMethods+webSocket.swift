import HTTPTypes
import Hummingbird

extension RouterMethods where Context == CapstanRequestContext {
    /// A WebSocket endpoint at `path` (`GET`).
    ///
    /// Runs after the middleware (so the caller is authenticated and authorized): a request without an
    /// identity is refused (401), then `accept` runs the route's own checks with the caller and throws to
    /// refuse, or returns how to run the connection. The response accepts the `capstan` subprotocol when
    /// the client offered it. A plain `GET` (no `Upgrade: websocket`) runs the same checks and answers 200
    /// or their error, so a client can learn why an upgrade would be refused (a refused upgrade is a bare
    /// 400): `accept` must therefore not create anything.
    @discardableResult
    func webSocket(
        _ path: RouterPath, accept: @escaping @Sendable (Request, Context, Identity) async throws -> WebSocketUpgrade
    ) -> Self {
        get(path) { request, context -> Response in
            guard let identity = context.identity else {
                throw APIError(.unauthorized, code: "unauthorized", message: "sign in first")
            }
            let upgrade = try await accept(request, context, identity)
            // Upgrade requests reach the router only from the upgrade check (CapstanChildChannel): on a plain
            // HTTP connection they are redirected before routing.
            if request.headers[.upgrade]?.lowercased() == "websocket" { context.upgrade.set(upgrade) }
            return Response(status: .ok, headers: request.subprotocolHeaders)
        }
    }
}

extension Request {
    /// The response headers that accept the `capstan` subprotocol when the client offered it: a browser
    /// sends its token as a subprotocol (`capstan, bearer.<token>`, see ``AuthMiddleware``) and drops a
    /// connection whose response names none of those it offered.
    var subprotocolHeaders: HTTPFields {
        var headers = HTTPFields()
        if let offered = self.headers[.secWebSocketProtocol],
            offered.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "capstan" })
        {
            headers[.secWebSocketProtocol] = "capstan"
        }
        return headers
    }

    /// Browsers always send `Origin`; it must be this server's own origin or an allowed one (cross-site
    /// WebSocket hijacking). Other clients (CLI, scripts) send none and are not subject to it.
    func checkWebSocketOrigin(allowed: [String]) throws {
        guard let origin = headers[.origin] else { return }
        // Browsers send the page's http(s) origin (or "null"); a ws:// origin comes from a non-browser
        // client library (swift-websocket sends one), which is not subject to cross-site hijacking.
        if origin.hasPrefix("ws://") || origin.hasPrefix("wss://") { return }
        let host = head.authority ?? ""
        let own = ["http://\(host)", "https://\(host)"]
        guard own.contains(origin) || allowed.contains(origin) else {
            throw APIError(.forbidden, code: "forbidden", message: "WebSocket connections from origin '\(origin)' are not allowed")
        }
    }
}
