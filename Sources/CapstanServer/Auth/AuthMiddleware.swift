import Foundation
import HTTPTypes
import Hummingbird

/// Authenticates every request and enforces ``AccessPolicy`` before any route runs.
///
/// The token comes from `Authorization: Bearer …`; for the WebSocket, browsers (which cannot set
/// headers) may send it as a `Sec-WebSocket-Protocol` entry `bearer.<token>` or a `token` query
/// parameter. A route missing from the policy is refused: fail closed.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = CapstanRequestContext
    let auth: AuthService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let requirement = AccessPolicy.requirement(method: request.method, path: path) else {
            throw APIError(.notFound, code: "not_found", message: "no such route: \(request.method) \(path)")
        }
        var context = context
        let token = Self.token(in: request)
        switch requirement.role(under: auth.settings.value) {
        case nil:
            if let token { context.identity = try? await auth.authenticate(bearer: token) }
        case let needed?:
            guard let token else {
                let hint = auth.pendingSetupToken != nil ? " (no user exists yet: create the first admin with the setup token the server printed)" : ""
                throw APIError(.unauthorized, code: "unauthorized", message: "sign in first: send Authorization: Bearer <access token>\(hint)")
            }
            let identity = try await auth.authenticate(bearer: token)
            guard identity.role >= needed else {
                if request.method != .get {
                    try? await auth.auditor.record(
                        .init(
                            user: identity.name, role: identity.role, clientAddress: context.clientAddress, requestID: context.id,
                            action: AuditMiddleware.action(method: request.method, path: path), result: .denied,
                            error: "needs role \(needed.rawValue)"
                        )
                    )
                }
                throw APIError(
                    .forbidden, code: "forbidden",
                    message: "this needs the \(needed.rawValue) role; you are signed in as \(identity.name) (\(identity.role.rawValue))"
                )
            }
            context.identity = identity
        }
        return try await next(request, context)
    }

    /// The bearer token of a request, from the header, the WebSocket protocol list or the query.
    static func token(in request: Request) -> String? {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        }
        if let protocols = request.headers[.secWebSocketProtocol] {
            for entry in protocols.split(separator: ",") {
                let item = entry.trimmingCharacters(in: .whitespaces)
                if item.hasPrefix("bearer.") { return String(item.dropFirst("bearer.".count)) }
            }
        }
        if request.uri.path.hasSuffix("/ws") || request.uri.path.hasSuffix("/exec"), let token = request.uri.queryParameters.get("token") {
            return token
        }
        return nil
    }
}
