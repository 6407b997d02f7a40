import Foundation
import Logging
import PostgresNIO

/// Applies ``PostgresMigrations`` that are not yet recorded in `schema_migrations`.
struct PostgresMigrator {
    /// Key of the transaction-level advisory lock that serializes migrations across replicas starting together.
    /// (An advisory lock, not a table lock: before the first migration there is no table to lock.) The schema's
    /// name is mixed in: stores in different schemas of one database do not wait for each other (with one key
    /// for the whole database, dozens of stores migrating at once queued past their timeouts).
    static let advisoryLockKey: Int64 = 0x4361_7073_7461_6E01  // "Capstan" + 1

    let handle: PostgresHandle

    func migrate() async throws {
        let logger = handle.logger
        for migration in PostgresMigrations.all {
            let applied = try await handle.transaction("migration \(migration.version) \(migration.name)") {
                connection in
                try await connection.query(.sql("SELECT pg_advisory_xact_lock($1::bigint # hashtext(current_schema())::bigint)", .int64(Self.advisoryLockKey)), logger: logger)
                try await connection.query(.sql(PostgresMigrations.createTable), logger: logger)
                let done = try await connection.rows(
                    .sql("SELECT version FROM schema_migrations WHERE version = $1", .int64(Int64(migration.version))),
                    logger: logger
                )
                guard done.isEmpty else { return false }
                for statement in migration.statements {
                    try await connection.query(.sql(statement), logger: logger)
                }
                try await connection.query(
                    .sql(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                        .int64(Int64(migration.version)), .text(migration.name), .date(Date())
                    ),
                    logger: logger
                )
                return true
            }
            if applied {
                logger.debug("applied migration", metadata: ["store.migration": "\(migration.version) \(migration.name)"])
            }
        }
        let newest = try await handle.run("read schema version") { connection in
            try await connection.rows(.sql("SELECT max(version) AS v FROM schema_migrations"), logger: logger)
                .first?.makeRandomAccess().value("v", as: Int32?.self)
        }
        let known = PostgresMigrations.all.last?.version ?? 0
        if let newest, Int(newest) > known {
            // A newer Capstan migrated this database. Carry on (rolling upgrades), but say so.
            logger.warning(
                "database schema is newer than this build",
                metadata: ["store.schema-version": "\(newest)", "store.known-version": "\(known)"]
            )
        }
    }
}
