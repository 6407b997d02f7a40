@testable import CapstanStore
import Foundation
import PostgresNIO
import SQLiteNIO

/// A store under test plus a side door: raw SQL on the same database, as an attacker with database access (or an
/// operator with `psql`) would have.
struct TestStore: Sendable {
    let store: any CapstanStore
    /// Runs one SQL statement directly, bypassing the store.
    let raw: @Sendable (String) async throws -> Void
    /// Opens another, independent store on the same database — a second replica, or the CLI next to the server.
    /// The caller closes it.
    let openAnother: @Sendable () async throws -> any CapstanStore
    /// Closes everything and deletes the database (file or schema).
    let tearDown: @Sendable () async -> Void

    var users: any UserRepository { store.users }
    var refreshTokens: any RefreshTokenRepository { store.refreshTokens }
    var audit: any AuditRepository { store.audit }
    var settings: any SettingsRepository { store.settings }

    static func sqlite() async throws -> TestStore {
        let directory = TestEnvironment.temporaryDirectory("capstan-store")
        let store = try await SQLiteStore.open(directory: directory.path, logger: TestEnvironment.logger)
        try await store.migrate()
        let side = try await SQLiteConnection.open(storage: .file(path: store.path))
        _ = try await side.query("PRAGMA busy_timeout = 5000")
        return TestStore(
            store: store,
            raw: { sql in _ = try await side.query(sql) },
            openAnother: { try await SQLiteStore.open(directory: directory.path, logger: TestEnvironment.logger) },
            tearDown: {
                try? await side.close()
                try? await store.close()
                try? FileManager.default.removeItem(at: directory)
            }
        )
    }

    /// A store in a schema of its own (via `search_path`), so tests run in parallel on one database.
    static func postgres(maximumConnections: Int) async throws -> TestStore {
        var configuration = try PostgresStoreConfiguration(url: try TestEnvironment.databaseURL())
        let schema = "capstan_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let side = try await PostgresConnection.connect(
            configuration: try configuration.connectionConfiguration(), id: 1, logger: TestEnvironment.logger
        )
        // The schema name is made above from hex digits only, so it can be spliced into DDL.
        try await side.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: TestEnvironment.logger)
        try await side.query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"), logger: TestEnvironment.logger)
        configuration.schema = schema
        configuration.maximumConnections = maximumConnections
        // Far above what any call needs; only a loaded CI machine comes near the 5 s default.
        configuration.operationTimeout = .seconds(30)
        let store: PostgresStore
        do {
            store = try await PostgresStore.connect(configuration, logger: TestEnvironment.logger)
            try await store.migrate()
        } catch {
            try? await side.close()
            throw error
        }
        return TestStore(
            store: store,
            raw: { sql in try await side.query(PostgresQuery(unsafeSQL: sql), logger: TestEnvironment.logger) },
            openAnother: { [configuration] in try await PostgresStore.connect(configuration, logger: TestEnvironment.logger) },
            tearDown: {
                try? await store.close()
                _ = try? await side.query(
                    PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), logger: TestEnvironment.logger
                )
                try? await side.close()
            }
        )
    }
}
