import Foundation
import SQLiteNIO

/// ``UserRepository`` on SQLite.
struct SQLiteUserRepository: UserRepository {
    let handle: SQLiteHandle

    private static let columns =
        "id, name, password_hash, role, disabled, created_at, updated_at, password_changed_at"

    func create(_ user: User) async throws -> User {
        let user = user.normalized
        try await handle.run("create user") { connection in
            _ = try await connection.query(
                """
                INSERT INTO users (id, name, name_key, password_hash, role, disabled, created_at, updated_at,
                                   password_changed_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """,
                [
                    .uuid(user.id), .text(user.name), .text(User.nameKey(user.name)), .text(user.passwordHash),
                    .text(user.role.rawValue), .bool(user.disabled), .date(user.createdAt), .date(user.updatedAt),
                    .date(user.passwordChangedAt),
                ]
            )
        }
        return user
    }

    func get(id: UUID) async throws -> User? {
        try await select("get user", "WHERE id = ?1", [.uuid(id)]).first
    }

    func get(name: String) async throws -> User? {
        try await select("get user by name", "WHERE name_key = ?1", [.text(User.nameKey(name))]).first
    }

    func list() async throws -> [User] {
        try await select("list users", "ORDER BY name_key", [])
    }

    func updateRole(id: UUID, to role: Role) async throws -> User {
        try await update("update role", "role = ?2, updated_at = ?3", [.uuid(id), .text(role.rawValue), .date(Date())])
    }

    func setDisabled(id: UUID, _ disabled: Bool) async throws -> User {
        try await update("set disabled", "disabled = ?2, updated_at = ?3", [.uuid(id), .bool(disabled), .date(Date())])
    }

    func setPasswordHash(id: UUID, to passwordHash: String) async throws -> User {
        try await update(
            "set password", "password_hash = ?2, updated_at = ?3, password_changed_at = ?3",
            [.uuid(id), .text(passwordHash), .date(Date())]
        )
    }

    func delete(id: UUID) async throws {
        let rows = try await handle.run("delete user") { connection in
            try await connection.query("DELETE FROM users WHERE id = ?1 RETURNING id", [.uuid(id)])
        }
        if rows.isEmpty { throw CapstanStoreError.notFound("no user with id \(id)") }
    }

    func count(role: Role?) async throws -> Int {
        let rows = try await handle.run("count users") { connection in
            if let role {
                return try await connection.query("SELECT count(*) AS n FROM users WHERE role = ?1", [.text(role.rawValue)])
            }
            return try await connection.query("SELECT count(*) AS n FROM users")
        }
        guard let row = rows.first else { throw CapstanStoreError.corrupt("count returned no row") }
        return Int(try row.int64("n"))
    }

    /// `UPDATE … RETURNING` so that "no such user" and the new state come from the same statement.
    private func update(_ what: String, _ assignments: String, _ binds: [SQLiteData]) async throws -> User {
        let rows = try await handle.run(what) { connection in
            try await connection.query("UPDATE users SET \(assignments) WHERE id = ?1 RETURNING \(Self.columns)", binds)
        }
        guard let row = rows.first else { throw CapstanStoreError.notFound("no such user") }
        return try Self.user(row)
    }

    private func select(_ what: String, _ tail: String, _ binds: [SQLiteData]) async throws -> [User] {
        let rows = try await handle.run(what) { connection in
            try await connection.query("SELECT \(Self.columns) FROM users \(tail)", binds)
        }
        return try rows.map(Self.user)
    }

    private static func user(_ row: SQLiteRow) throws(CapstanStoreError) -> User {
        guard let role = Role(rawValue: try row.text("role")) else { throw .corrupt("users.role: unknown role") }
        return User(
            id: try row.uuid("id"), name: try row.text("name"), passwordHash: try row.text("password_hash"),
            role: role, disabled: try row.bool("disabled"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), passwordChangedAt: try row.date("password_changed_at")
        )
    }
}
