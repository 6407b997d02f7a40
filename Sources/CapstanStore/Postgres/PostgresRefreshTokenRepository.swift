import Foundation
import PostgresNIO

/// ``RefreshTokenRepository`` on PostgreSQL.
struct PostgresRefreshTokenRepository: RefreshTokenRepository {
    let handle: PostgresHandle

    func insert(_ token: RefreshToken) async throws {
        let token = token.normalized
        let logger = handle.logger
        try await handle.run("insert refresh token") { connection in
            _ = try await connection.query(
                .sql(
                    """
                    INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at, used_at,
                                                revoked_at, replaced_by)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    .uuid(token.id), .uuid(token.userID), .uuid(token.familyID), .text(token.tokenHash),
                    .date(token.createdAt), .date(token.expiresAt), .date(token.usedAt), .date(token.revokedAt),
                    .uuid(token.replacedBy)
                ),
                logger: logger
            )
        }
    }

    func find(tokenHash: String) async throws -> RefreshToken? {
        let logger = handle.logger
        return try await handle.run("find refresh token") { connection in
            try await connection.rows(
                .sql(
                    """
                    SELECT id, user_id, family_id, token_hash, created_at, expires_at, used_at, revoked_at,
                           replaced_by
                    FROM refresh_tokens WHERE token_hash = $1
                    """,
                    .text(tokenHash)
                ),
                logger: logger
            ).first.map(Self.token)
        }
    }

    func markUsed(id: UUID, replacedBy: UUID?, at time: Date) async throws -> Bool {
        // One conditional UPDATE: under READ COMMITTED the second of two concurrent updates waits for the first,
        // re-checks `used_at IS NULL` on the new row version, and matches nothing.
        try await changedRows(
            "mark refresh token used",
            """
            UPDATE refresh_tokens SET used_at = $2, replaced_by = $3
            WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id
            """,
            [.uuid(id), .date(time), .uuid(replacedBy)]
        ) == 1
    }

    func revokeFamily(_ familyID: UUID, at time: Date) async throws -> Int {
        try await changedRows(
            "revoke token family",
            "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL RETURNING id",
            [.uuid(familyID), .date(time)]
        )
    }

    func revokeAll(userID: UUID, at time: Date) async throws -> Int {
        try await changedRows(
            "revoke user tokens",
            "UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id",
            [.uuid(userID), .date(time)]
        )
    }

    func deleteExpired(before time: Date) async throws -> Int {
        try await changedRows(
            "delete expired tokens", "DELETE FROM refresh_tokens WHERE expires_at < $1 RETURNING id", [.date(time)]
        )
    }

    private func changedRows(_ what: String, _ sql: String, _ values: [PostgresValue]) async throws -> Int {
        let logger = handle.logger
        return try await handle.run(what) { connection in
            try await connection.rows(.sql(sql, values), logger: logger).count
        }
    }

    private static func token(_ row: PostgresRow) throws -> RefreshToken {
        let row = row.makeRandomAccess()
        return RefreshToken(
            id: try row.value("id"), userID: try row.value("user_id"), familyID: try row.value("family_id"),
            tokenHash: try row.value("token_hash"),
            createdAt: Date(microsecondsSince1970: try row.value("created_at")),
            expiresAt: Date(microsecondsSince1970: try row.value("expires_at")),
            usedAt: try row.value("used_at", as: Int64?.self).map(Date.init(microsecondsSince1970:)),
            revokedAt: try row.value("revoked_at", as: Int64?.self).map(Date.init(microsecondsSince1970:)),
            replacedBy: try row.value("replaced_by")
        )
    }
}
