import Foundation
import Logging
import SQLiteNIO

/// Applies ``SQLiteMigrations`` that are not yet recorded in `schema_migrations`.
struct SQLiteMigrator {
    let handle: SQLiteHandle
    let logger: Logger

    func migrate() async throws {
        try await handle.run("create schema_migrations") { connection in
            _ = try await connection.query(SQLiteMigrations.createTable)
        }
        for migration in SQLiteMigrations.all {
            // Checked inside the write transaction, so two processes starting together cannot both apply it.
            let applied = try await handle.transaction("migration \(migration.version) \(migration.name)") {
                connection in
                let done = try await connection.query(
                    "SELECT version FROM schema_migrations WHERE version = ?1", [.int64(Int64(migration.version))]
                )
                guard done.isEmpty else { return false }
                for statement in migration.statements {
                    _ = try await connection.query(statement)
                }
                _ = try await connection.query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                    [.int64(Int64(migration.version)), .text(migration.name), .date(Date())]
                )
                return true
            }
            if applied {
                logger.debug("applied migration", metadata: ["store.migration": "\(migration.version) \(migration.name)"])
            }
        }
        let newest = try await handle.run("read schema version") { connection in
            try await connection.query("SELECT max(version) AS v FROM schema_migrations").first?.column("v")?.integer
        }
        let known = SQLiteMigrations.all.last?.version ?? 0
        if let newest, Int(newest) > known {
            // A newer Capstan migrated this database. Carry on (rolling upgrades), but say so.
            logger.warning(
                "database schema is newer than this build",
                metadata: ["store.schema-version": "\(newest)", "store.known-version": "\(known)"]
            )
        }
    }
}
