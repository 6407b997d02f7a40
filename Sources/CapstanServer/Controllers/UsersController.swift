import CapstanStore
import CapstanWire
import Foundation
import Hummingbird

/// Users (admin): list, create, change role, disable/enable, reset password, delete. Every change is audited.
struct UsersController {
    let auth: AuthService

    func addRoutes(to api: RouterGroup<CapstanRequestContext>) {
        api.get("users") { _, _ in
            try await auth.storeCall { try await auth.store.users.list() }.map(AuthService.view)
        }
        api.post("users") { request, context in
            let body = try await request.decode(as: UserCreateRequest.self, context: context)
            return try await auditingFailure(context, action: "user.create", object: body.name) {
                let role = try Self.role(body.role)
                try await auth.auditor.ensureAvailable()
                let user = try await auth.createUser(name: body.name, password: body.password, role: role, actor: context.identity, client: context.client)
                return Created(value: AuthService.view(user))
            }
        }
        api.patch("users/:user") { request, context in
            try await auditingFailure(context, action: "user.update", object: context.parameters.get("user")) {
                try await update(request, context: context)
            }
        }
        api.delete("users/:user") { _, context in
            try await auditingFailure(context, action: "user.delete", object: context.parameters.get("user")) {
                let user = try await target(context)
                try await guardLastAdmin(user, losing: true)
                try await auth.auditor.ensureAvailable()
                _ = try await auth.storeCall { try await auth.store.refreshTokens.revokeAll(userID: user.id, at: .now) }
                try await auth.storeCall { try await auth.store.users.delete(id: user.id) }
                try await audit(context, action: "user.delete", user: user, parameters: [:])
                return Response(status: .noContent)
            }
        }
    }

    /// Role, disabled flag and password changes of one user; audited once with what changed.
    private func update(_ request: Request, context: CapstanRequestContext) async throws -> UserView {
        let user = try await target(context)
        let body = try await request.decode(as: UserUpdateRequest.self, context: context)
        try await auth.auditor.ensureAvailable()
        var updated = user
        var changes: [String: String] = [:]
        if let roleName = body.role {
            let role = try Self.role(roleName)
            try await guardLastAdmin(user, losing: role != .admin)
            updated = try await auth.storeCall { try await auth.store.users.updateRole(id: user.id, to: role) }
            changes["role"] = role.rawValue
        }
        if let disabled = body.disabled {
            try await guardLastAdmin(user, losing: disabled)
            updated = try await auth.storeCall { try await auth.store.users.setDisabled(id: user.id, disabled) }
            if disabled { _ = try await auth.storeCall { try await auth.store.refreshTokens.revokeAll(userID: user.id, at: .now) } }
            changes["disabled"] = String(disabled)
        }
        if let password = body.password {
            try auth.checkPassword(password)
            let hash = try await auth.hashPassword(password)
            updated = try await auth.storeCall { try await auth.store.users.setPasswordHash(id: user.id, to: hash) }
            _ = try await auth.storeCall { try await auth.store.refreshTokens.revokeAll(userID: user.id, at: .now) }
            changes["password"] = "reset"
        }
        try await audit(context, action: "user.update", user: user, parameters: changes)
        return AuthService.view(updated)
    }

    /// Runs a user change; when it fails (bad input, unknown user, last admin, database down), the attempt
    /// is audited as a failure with the error before the error goes back to the caller.
    private func auditingFailure<Result: Sendable>(
        _ context: CapstanRequestContext, action: String, object: String?, _ body: () async throws -> Result
    ) async throws -> Result {
        do {
            return try await body()
        } catch {
            let message = (error as? APIError)?.body.message ?? "\(error)"
            try? await auth.auditor.record(
                AuditEntry(
                    user: context.identity?.name, role: context.identity?.role, clientAddress: context.clientAddress, requestID: context.id,
                    action: action, objectName: object.map { String($0.prefix(200)) }, result: .failure, error: message
                )
            )
            throw error
        }
    }

    /// The user named by id or name in the path.
    private func target(_ context: CapstanRequestContext) async throws -> User {
        let reference = try context.parameters.require("user")
        let found: User?
        if let id = UUID(uuidString: reference) {
            found = try await auth.storeCall { try await auth.store.users.get(id: id) }
        } else {
            found = try await auth.storeCall { try await auth.store.users.get(name: reference) }
        }
        guard let found else { throw APIError.notFound("no user '\(reference)'") }
        return found
    }

    /// Nobody can remove, disable or demote the last active admin: that would lock everyone out.
    private func guardLastAdmin(_ user: User, losing: Bool) async throws {
        guard losing, user.role == .admin, !user.disabled else { return }
        let admins = try await auth.storeCall { try await auth.store.users.list() }.filter { $0.role == .admin && !$0.disabled }
        if admins.count <= 1 {
            throw APIError(.conflict, code: "conflict", message: "'\(user.name)' is the last active admin; create another admin first")
        }
    }

    private func audit(_ context: CapstanRequestContext, action: String, user: User, parameters: [String: String]) async throws {
        try await auth.auditor.record(
            AuditEntry(
                user: context.identity?.name, role: context.identity?.role, clientAddress: context.clientAddress, requestID: context.id,
                action: action, objectID: user.id.uuidString, objectName: user.name, parameters: parameters, result: .success
            )
        )
    }

    static func role(_ name: String) throws -> Role {
        guard let role = Role(rawValue: name) else {
            throw APIError.badRequest(field: "role", "role must be viewer, operator or admin")
        }
        return role
    }
}
