import Foundation
import SQLiteNIO

/// ``SettingsRepository`` on SQLite.
struct SQLiteSettingsRepository: SettingsRepository {
    let handle: SQLiteHandle

    func get(_ key: String) async throws -> Setting? {
        let rows = try await handle.run("get setting") { connection in
            try await connection.query("SELECT key, value FROM settings WHERE key = ?1", [.text(key)])
        }
        return try rows.first.map(Self.setting)
    }

    func set(_ setting: Setting) async throws {
        try await handle.run("set setting") { connection in
            _ = try await connection.query(
                """
                INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
                [.text(setting.key), .text(setting.value), .date(Date())]
            )
        }
    }

    func list() async throws -> [Setting] {
        let rows = try await handle.run("list settings") { connection in
            try await connection.query("SELECT key, value FROM settings ORDER BY key")
        }
        return try rows.map(Self.setting)
    }

    private static func setting(_ row: SQLiteRow) throws(CapstanStoreError) -> Setting {
        Setting(key: try row.text("key"), value: try row.text("value"))
    }
}
