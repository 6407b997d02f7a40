import Foundation
import SQLiteNIO

/// ``RefreshTokenRepository`` on SQLite.
struct SQLiteRefreshTokenRepository: RefreshTokenRepository {
    let handle: SQLiteHandle

    func insert(_ token: RefreshToken) async throws {
        let token = token.normalized
        try await handle.run("insert refresh token") { connection in
            _ = try await connection.query(
                """
                INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at, used_at,
                                            revoked_at, replaced_by)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """,
                [
                    .uuid(token.id), .uuid(token.userID), .uuid(token.familyID), .text(token.tokenHash),
                    .date(token.createdAt), .date(token.expiresAt), .optionalDate(token.usedAt),
                    .optionalDate(token.revokedAt), .optionalUUID(token.replacedBy),
                ]
            )
        }
    }

    func find(tokenHash: String) async throws -> RefreshToken? {
        let rows = try await handle.run("find refresh token") { connection in
            try await connection.query(
                """
                SELECT id, user_id, family_id, token_hash, created_at, expires_at, used_at, revoked_at, replaced_by
                FROM refresh_tokens WHERE token_hash = ?1
                """,
                [.text(tokenHash)]
            )
        }
        return try rows.first.map(Self.token)
    }

    func markUsed(id: UUID, replacedBy: UUID?, at time: Date) async throws -> Bool {
        // The `used_at IS NULL` guard makes this a compare-and-set: only one caller can flip it.
        let rows = try await handle.run("mark refresh token used") { connection in
            try await connection.query(
                """
                UPDATE refresh_tokens SET used_at = ?2, replaced_by = ?3
                WHERE id = ?1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id
                """,
                [.uuid(id), .date(time), .optionalUUID(replacedBy)]
            )
        }
        return !rows.isEmpty
    }

    func revokeFamily(_ familyID: UUID, at time: Date) async throws -> Int {
        try await changedRows(
            "revoke token family",
            "UPDATE refresh_tokens SET revoked_at = ?2 WHERE family_id = ?1 AND revoked_at IS NULL RETURNING id",
            [.uuid(familyID), .date(time)]
        )
    }

    func revokeAll(userID: UUID, at time: Date) async throws -> Int {
        try await changedRows(
            "revoke user tokens",
            "UPDATE refresh_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL RETURNING id",
            [.uuid(userID), .date(time)]
        )
    }

    func deleteExpired(before time: Date) async throws -> Int {
        try await changedRows(
            "delete expired tokens", "DELETE FROM refresh_tokens WHERE expires_at < ?1 RETURNING id", [.date(time)]
        )
    }

    private func changedRows(_ what: String, _ sql: String, _ binds: [SQLiteData]) async throws -> Int {
        try await handle.run(what) { connection in
            try await connection.query(sql, binds).count
        }
    }

    private static func token(_ row: SQLiteRow) throws(CapstanStoreError) -> RefreshToken {
        RefreshToken(
            id: try row.uuid("id"), userID: try row.uuid("user_id"), familyID: try row.uuid("family_id"),
            tokenHash: try row.text("token_hash"), createdAt: try row.date("created_at"),
            expiresAt: try row.date("expires_at"), usedAt: try row.optionalDate("used_at"),
            revokedAt: try row.optionalDate("revoked_at"), replacedBy: try row.optionalUUID("replaced_by")
        )
    }
}
