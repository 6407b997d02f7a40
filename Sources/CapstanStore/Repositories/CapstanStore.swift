/// The whole persistence layer: users, refresh tokens, the audit log and settings, on one database.
///
/// Two implementations honour the same contract (and pass the same tests): ``SQLiteStore`` (the default, a file
/// in a data directory) and ``PostgresStore`` (for several replicas sharing one database).
///
/// Lifecycle: open the store, call ``migrate()`` once at start (idempotent; safe when several processes start
/// together), use the repositories, then ``close()``. Every method throws ``CapstanStoreError``.
public protocol CapstanStore: Sendable {
    /// Local user accounts.
    var users: any UserRepository { get }
    /// Hashed refresh tokens.
    var refreshTokens: any RefreshTokenRepository { get }
    /// The append-only, hash-chained audit log.
    var audit: any AuditRepository { get }
    /// Key/value server settings.
    var settings: any SettingsRepository { get }

    /// Brings the schema up to date by running every migration not yet applied, each in its own transaction.
    func migrate() async throws
    /// Releases the database; later calls fail with ``CapstanStoreError/unavailable``. Calling it twice is fine.
    func close() async throws
}
