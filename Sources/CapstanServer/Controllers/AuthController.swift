import CapstanStore
import CapstanWire
import Hummingbird

/// Sign-in, refresh, sign-out, first-run setup, `me`, and changing one's own password.
struct AuthController {
    let auth: AuthService

    func addRoutes(to api: RouterGroup<CapstanRequestContext>) {
        let group = api.group("auth")
        group.post("login") { request, context in
            let body = try await request.decode(as: LoginRequest.self, context: context)
            return try await auth.login(name: body.name, password: body.password, client: context.client)
        }
        group.post("refresh") { request, context in
            let body = try await request.decode(as: RefreshRequest.self, context: context)
            return try await auth.refresh(body.refreshToken, client: context.client)
        }
        group.post("logout") { request, context in
            let body = try await request.decode(as: RefreshRequest.self, context: context)
            try await auth.logout(body.refreshToken, identity: context.identity, client: context.client)
            return Response(status: .noContent)
        }
        group.get("setup") { _, _ in
            SetupStatusView(required: auth.pendingSetupToken != nil)
        }
        group.post("setup") { request, context in
            let body = try await request.decode(as: SetupRequest.self, context: context)
            return Created(value: try await auth.setup(token: body.token, name: body.name, password: body.password, client: context.client))
        }
        group.get("me") { _, context in
            guard let identity = context.identity, let user = try await auth.storeCall({ try await auth.store.users.get(id: identity.userID) }) else {
                throw APIError(.unauthorized, code: "unauthorized", message: "sign in first")
            }
            return AuthService.view(user)
        }
        group.post("password") { request, context in
            let body = try await request.decode(as: PasswordChangeRequest.self, context: context)
            guard let identity = context.identity, let user = try await auth.storeCall({ try await auth.store.users.get(id: identity.userID) }) else {
                throw APIError(.unauthorized, code: "unauthorized", message: "sign in first")
            }
            guard try await auth.verifyPassword(body.currentPassword, of: user) else {
                try await auth.auditor.record(
                    AuditEntry(
                        user: user.name, role: user.role, clientAddress: context.clientAddress, requestID: context.id,
                        action: "user.password", objectID: user.id.uuidString, objectName: user.name, result: .failure,
                        error: "wrong current password"
                    )
                )
                throw APIError.badRequest(field: "currentPassword", "the current password is wrong")
            }
            try auth.checkPassword(body.newPassword)
            try await auth.auditor.ensureAvailable()
            let hash = try await auth.hashPassword(body.newPassword)
            _ = try await auth.storeCall { try await auth.store.users.setPasswordHash(id: user.id, to: hash) }
            // Every session of this user ends: tokens issued before the change must not outlive it.
            _ = try await auth.storeCall { try await auth.store.refreshTokens.revokeAll(userID: user.id, at: .now) }
            try await auth.auditor.record(
                AuditEntry(
                    user: user.name, role: user.role, clientAddress: context.clientAddress, requestID: context.id, action: "user.password",
                    objectID: user.id.uuidString, objectName: user.name, result: .success
                )
            )
            return Response(status: .noContent)
        }
    }
}
