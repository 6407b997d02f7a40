import Foundation
import PostgresNIO

/// ``SettingsRepository`` on PostgreSQL.
struct PostgresSettingsRepository: SettingsRepository {
    let handle: PostgresHandle

    func get(_ key: String) async throws -> Setting? {
        let logger = handle.logger
        return try await handle.run("get setting") { connection in
            try await connection.rows(.sql("SELECT key, value FROM settings WHERE key = $1", .text(key)), logger: logger)
                .first.map(Self.setting)
        }
    }

    func set(_ setting: Setting) async throws {
        let logger = handle.logger
        try await handle.run("set setting") { connection in
            _ = try await connection.query(
                .sql(
                    """
                    INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """,
                    .text(setting.key), .text(setting.value), .date(Date())
                ),
                logger: logger
            )
        }
    }

    func list() async throws -> [Setting] {
        let logger = handle.logger
        return try await handle.run("list settings") { connection in
            try await connection.rows(.sql("SELECT key, value FROM settings ORDER BY key"), logger: logger)
                .map(Self.setting)
        }
    }

    private static func setting(_ row: PostgresRow) throws -> Setting {
        let row = row.makeRandomAccess()
        return Setting(key: try row.value("key"), value: try row.value("value"))
    }
}
