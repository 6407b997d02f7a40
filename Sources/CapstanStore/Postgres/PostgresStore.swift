import Logging
import PostgresNIO

/// A ``CapstanStore`` on PostgreSQL, for several Capstan replicas sharing one database.
///
/// ```swift
/// let store = try await PostgresStore.connect(try PostgresStoreConfiguration(url: databaseURL), logger: logger)
/// try await store.migrate()
/// … 
/// try await store.close()
/// ```
///
/// **Running the client.** `PostgresClient` does its connection management inside its `run()` method, which
/// must run for as long as the client is used. The store owns that: ``connect(_:logger:)`` starts `run()` in a
/// task the store keeps, and ``close()`` cancels it and waits for the pool to shut down. This makes the store
/// usable the moment it is returned — for migrations and the first-run user check before any `ServiceGroup`
/// runs, and from the CLI, which has no `ServiceGroup` at all — with the same explicit `close()` as
/// ``SQLiteStore``. A server should call `close()` in its shutdown path after its services have stopped.
///
/// **Availability.** ``connect(_:logger:)`` first opens one connection directly, so an unreachable server, a
/// wrong password or a missing database fails at start with ``CapstanStoreError/unavailable`` and the real
/// reason. Later, every call is bounded by ``PostgresStoreConfiguration/operationTimeout``: while the server is
/// away calls fail with ``CapstanStoreError/unavailable``, and when it is back the pool reconnects by itself
/// (its retry backoff grows to at most 60 s during long outages).
public final class PostgresStore: CapstanStore {
    /// See ``CapstanStore/users``.
    public let users: any UserRepository
    /// See ``CapstanStore/refreshTokens``.
    public let refreshTokens: any RefreshTokenRepository
    /// See ``CapstanStore/audit``.
    public let audit: any AuditRepository
    /// See ``CapstanStore/settings``.
    public let settings: any SettingsRepository
    /// Where the store connects (the password is never shown by its `description`).
    public var configuration: PostgresStoreConfiguration { handle.configuration }

    private let handle: PostgresHandle
    private let runTask: Task<Void, Never>

    private init(handle: PostgresHandle, runTask: Task<Void, Never>) {
        self.handle = handle
        self.runTask = runTask
        self.users = PostgresUserRepository(handle: handle)
        self.refreshTokens = PostgresRefreshTokenRepository(handle: handle)
        self.audit = PostgresAuditRepository(handle: handle)
        self.settings = PostgresSettingsRepository(handle: handle)
    }

    deinit {
        // A store dropped without close() must not leave the pool running forever.
        runTask.cancel()
    }

    /// Checks that the server is reachable and accepts the credentials, then starts the connection pool.
    ///
    /// - Throws: ``CapstanStoreError/unavailable`` with the reason (connection refused, timeout, authentication
    ///   failed, database does not exist, TLS failure), ``CapstanStoreError/invalidConfiguration`` for TLS
    ///   settings that cannot be used.
    public static func connect(_ configuration: PostgresStoreConfiguration, logger: Logger) async throws -> PostgresStore {
        try await probe(configuration, logger: logger)
        let client = PostgresClient(configuration: try configuration.clientConfiguration(), backgroundLogger: logger)
        // A bare task, deliberately: see "Running the client" above. It is cancelled in close() and deinit.
        let runTask = Task { await client.run() }
        let handle = PostgresHandle(client: client, configuration: configuration, logger: logger)
        return PostgresStore(handle: handle, runTask: runTask)
    }

    /// See ``CapstanStore/migrate()``. Replicas starting together are serialized by an advisory lock.
    public func migrate() async throws {
        try await PostgresMigrator(handle: handle).migrate()
    }

    /// Stops the pool and closes its connections. Later calls fail with ``CapstanStoreError/unavailable``.
    public func close() async throws {
        guard handle.markClosed() else { return }
        runTask.cancel()
        await runTask.value
    }

    private static func probe(_ configuration: PostgresStoreConfiguration, logger: Logger) async throws {
        let connectionConfiguration = try configuration.connectionConfiguration()
        do {
            let deadline = configuration.connectTimeout + .seconds(1)
            let connection = try await withDeadline(deadline, "connecting") {
                try await PostgresConnection.connect(configuration: connectionConfiguration, id: 0, logger: logger)
            }
            try? await connection.close()
        } catch let error as CapstanStoreError {
            throw CapstanStoreError.unavailable("cannot connect to PostgreSQL at \(configuration): \(error.message)")
        } catch {
            let reason = (error as? PSQLError).map(PostgresHandle.describe) ?? "\(error)"
            throw CapstanStoreError.unavailable("cannot connect to PostgreSQL at \(configuration): \(reason)")
        }
    }
}
