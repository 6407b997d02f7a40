import Foundation
import PostgresNIO

/// ``UserRepository`` on PostgreSQL.
struct PostgresUserRepository: UserRepository {
    let handle: PostgresHandle

    private static let columns =
        "id, name, password_hash, role, disabled, created_at, updated_at, password_changed_at"

    func create(_ user: User) async throws -> User {
        let user = user.normalized
        let logger = handle.logger
        try await handle.run("create user") { connection in
            _ = try await connection.query(
                .sql(
                    """
                    INSERT INTO users (id, name, name_key, password_hash, role, disabled, created_at, updated_at,
                                       password_changed_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    .uuid(user.id), .text(user.name), .text(User.nameKey(user.name)), .text(user.passwordHash),
                    .text(user.role.rawValue), .bool(user.disabled), .date(user.createdAt), .date(user.updatedAt),
                    .date(user.passwordChangedAt)
                ),
                logger: logger
            )
        }
        return user
    }

    func get(id: UUID) async throws -> User? {
        try await select("get user", "WHERE id = $1", [.uuid(id)]).first
    }

    func get(name: String) async throws -> User? {
        try await select("get user by name", "WHERE name_key = $1", [.text(User.nameKey(name))]).first
    }

    func list() async throws -> [User] {
        try await select("list users", "ORDER BY name_key", [])
    }

    func updateRole(id: UUID, to role: Role) async throws -> User {
        try await update("update role", "role = $2, updated_at = $3", [.uuid(id), .text(role.rawValue), .date(Date())])
    }

    func setDisabled(id: UUID, _ disabled: Bool) async throws -> User {
        try await update("set disabled", "disabled = $2, updated_at = $3", [.uuid(id), .bool(disabled), .date(Date())])
    }

    func setPasswordHash(id: UUID, to passwordHash: String) async throws -> User {
        try await update(
            "set password", "password_hash = $2, updated_at = $3, password_changed_at = $3",
            [.uuid(id), .text(passwordHash), .date(Date())]
        )
    }

    func delete(id: UUID) async throws {
        let logger = handle.logger
        let deleted = try await handle.run("delete user") { connection in
            try await connection.rows(.sql("DELETE FROM users WHERE id = $1 RETURNING id", .uuid(id)), logger: logger)
                .count
        }
        if deleted == 0 { throw CapstanStoreError.notFound("no user with id \(id)") }
    }

    func count(role: Role?) async throws -> Int {
        let logger = handle.logger
        return try await handle.run("count users") { connection in
            let query: PostgresQuery =
                if let role {
                    .sql("SELECT count(*) AS n FROM users WHERE role = $1", .text(role.rawValue))
                } else {
                    .sql("SELECT count(*) AS n FROM users")
                }
            guard let row = try await connection.rows(query, logger: logger).first else {
                throw CapstanStoreError.corrupt("count returned no row")
            }
            return Int(try row.makeRandomAccess().value("n", as: Int64.self))
        }
    }

    /// `UPDATE … RETURNING` so that "no such user" and the new state come from the same statement.
    private func update(_ what: String, _ assignments: String, _ values: [PostgresValue]) async throws -> User {
        let logger = handle.logger
        let user = try await handle.run(what) { connection in
            try await connection.rows(
                .sql("UPDATE users SET \(assignments) WHERE id = $1 RETURNING \(Self.columns)", values), logger: logger
            ).first.map(Self.user)
        }
        guard let user else { throw CapstanStoreError.notFound("no such user") }
        return user
    }

    private func select(_ what: String, _ tail: String, _ values: [PostgresValue]) async throws -> [User] {
        let logger = handle.logger
        return try await handle.run(what) { connection in
            try await connection.rows(.sql("SELECT \(Self.columns) FROM users \(tail)", values), logger: logger)
                .map(Self.user)
        }
    }

    private static func user(_ row: PostgresRow) throws -> User {
        let row = row.makeRandomAccess()
        guard let role = Role(rawValue: try row.value("role", as: String.self)) else {
            throw CapstanStoreError.corrupt("users.role: unknown role")
        }
        return User(
            id: try row.value("id"), name: try row.value("name"), passwordHash: try row.value("password_hash"),
            role: role, disabled: try row.value("disabled"),
            createdAt: Date(microsecondsSince1970: try row.value("created_at")),
            updatedAt: Date(microsecondsSince1970: try row.value("updated_at")),
            passwordChangedAt: Date(microsecondsSince1970: try row.value("password_changed_at"))
        )
    }
}
