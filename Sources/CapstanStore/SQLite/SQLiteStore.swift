import Foundation
import Logging
import SQLiteNIO

/// A ``CapstanStore`` in one SQLite file: the default, no server needed.
///
/// ```swift
/// let store = try await SQLiteStore.open(directory: dataDirectory, logger: logger)
/// try await store.migrate()
/// defer { try? await store.close() }   // or close it in your shutdown path
/// ```
///
/// The directory is created if missing (mode 0700) and the file is made readable by its owner only (0600): it
/// holds password hashes and the signing key. The database runs in WAL mode with foreign keys on, full
/// synchronous commits (an audit row that was acknowledged survives a power cut) and a busy timeout, so
/// another process on the same file (the `capstan user` CLI) waits for a lock instead of failing.
///
/// Always ``close()`` a store before dropping it: it owns a connection and a thread (and sqlite-nio asserts, in
/// debug builds, that connections are closed before they are freed).
public final class SQLiteStore: CapstanStore {
    /// The file name used inside the data directory unless told otherwise.
    public static let defaultFileName = "capstan.sqlite"

    /// The database file.
    public var path: String { handle.path }
    /// See ``CapstanStore/users``.
    public let users: any UserRepository
    /// See ``CapstanStore/refreshTokens``.
    public let refreshTokens: any RefreshTokenRepository
    /// See ``CapstanStore/audit``.
    public let audit: any AuditRepository
    /// See ``CapstanStore/settings``.
    public let settings: any SettingsRepository

    private let handle: SQLiteHandle
    private let logger: Logger

    private init(handle: SQLiteHandle, logger: Logger) {
        self.handle = handle
        self.logger = logger
        self.users = SQLiteUserRepository(handle: handle)
        self.refreshTokens = SQLiteRefreshTokenRepository(handle: handle)
        self.audit = SQLiteAuditRepository(handle: handle)
        self.settings = SQLiteSettingsRepository(handle: handle)
    }

    /// Opens (creating if needed) the database `fileName` in `directory`.
    ///
    /// - Parameters:
    ///   - directory: the data directory; created with its parents if missing.
    ///   - fileName: the database file inside it.
    ///   - busyTimeout: how long a statement waits for another process's lock before failing with
    ///     ``CapstanStoreError/unavailable``.
    /// - Throws: ``CapstanStoreError/unavailable`` when the directory or file cannot be created or opened (the
    ///   message says why), ``CapstanStoreError/corrupt`` when the file is not an SQLite database.
    public static func open(
        directory: String,
        fileName: String = defaultFileName,
        busyTimeout: Duration = .seconds(5),
        logger: Logger
    ) async throws -> SQLiteStore {
        let path = try prepareDirectory(directory) + "/" + fileName
        let handle = try await SQLiteHandle.open(path: path, logger: logger)
        do {
            try await configure(handle, busyTimeout: busyTimeout)
        } catch {
            try? await handle.close()
            throw error
        }
        // The file exists now; restrict it before anything sensitive is written.
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return SQLiteStore(handle: handle, logger: logger)
    }

    /// See ``CapstanStore/migrate()``.
    public func migrate() async throws {
        try await SQLiteMigrator(handle: handle, logger: logger).migrate()
    }

    /// See ``CapstanStore/close()``.
    public func close() async throws {
        try await handle.close()
    }

    private static func prepareDirectory(_ directory: String) throws -> String {
        let url = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CapstanStoreError.unavailable("data directory \(url.path) exists and is not a directory")
            }
            return url.path
        }
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw CapstanStoreError.unavailable("cannot create data directory \(url.path): \(error.localizedDescription)")
        }
        return url.path
    }

    private static func configure(_ handle: SQLiteHandle, busyTimeout: Duration) async throws {
        // PRAGMAs take no bind parameters; the only value spliced in is an integer we computed ourselves.
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        try await handle.run("configure SQLite") { connection in
            // Replaces sqlite-nio's default busy handler, which retries forever.
            _ = try await connection.query("PRAGMA busy_timeout = \(milliseconds)")
            let mode = try await connection.query("PRAGMA journal_mode = WAL").first?.column("journal_mode")?.string
            guard mode?.lowercased() == "wal" else {
                throw CapstanStoreError.unavailable("SQLite refused WAL mode (journal_mode is \(mode ?? "unknown"))")
            }
            _ = try await connection.query("PRAGMA foreign_keys = ON")
            _ = try await connection.query("PRAGMA synchronous = FULL")
            // Reading the schema makes a file that is not a database fail here, not on first use.
            _ = try await connection.query("SELECT count(*) FROM sqlite_master")
        }
    }
}
