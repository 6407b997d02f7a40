import HTTPTypes
import Hummingbird

extension RouterMethods where Context == CapstanRequestContext {
    /// A WebSocket endpoint at `path` (`GET`).
    ///
    /// `accept` runs after the middleware (so the caller is authenticated and authorized) with the upgrade
    /// request; it throws to refuse, or returns the response's extra headers and how to run the connection.
    /// A plain `GET` (no `Upgrade: websocket`) runs the same checks and answers 200 or their error, so a
    /// client can learn why an upgrade would be refused (a refused upgrade is a bare 400): `accept` must
    /// therefore not create anything.
    @discardableResult
    func webSocket(
        _ path: RouterPath,
        accept: @escaping @Sendable (Request, Context) async throws -> (headers: HTTPFields, upgrade: WebSocketUpgrade)
    ) -> Self {
        get(path) { request, context -> Response in
            let accepted = try await accept(request, context)
            // Upgrade requests reach the router only from the upgrade check (CapstanChildChannel): on a plain
            // HTTP connection they are redirected before routing.
            if request.headers[.upgrade]?.lowercased() == "websocket" { context.upgrade.set(accepted.upgrade) }
            return Response(status: .ok, headers: accepted.headers)
        }
    }
}

extension Request {
    /// The response headers that accept the `capstan` subprotocol when the client offered it: a browser
    /// sends its token as a subprotocol (`capstan, bearer.<token>`, see ``AuthMiddleware``) and drops a
    /// connection whose response names none of those it offered.
    static func subprotocolHeaders(_ request: Request) -> HTTPFields {
        var headers = HTTPFields()
        if let offered = request.headers[.secWebSocketProtocol],
            offered.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "capstan" })
        {
            headers[.secWebSocketProtocol] = "capstan"
        }
        return headers
    }
}
