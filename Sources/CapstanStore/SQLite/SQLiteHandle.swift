import Logging
import SQLiteNIO
import Synchronization

/// The one SQLite connection a ``SQLiteStore`` uses, with the lock that serializes its use.
///
/// One connection is plenty for Capstan's write rate and keeps transactions simple; WAL mode still lets other
/// processes (the `capstan user` CLI) read and write the same file, coordinated by SQLite's own locks and the
/// busy timeout.
///
/// The connection runs its blocking SQLite calls on a thread of its own rather than on NIO's shared thread
/// pool: while it sleeps in the busy handler waiting for another writer, it must not hold a shared thread that
/// the other writer (or anything else in the process) needs to make progress.
final class SQLiteHandle: Sendable {
    let path: String
    private let connection: SQLiteConnection
    private let threadPool: NIOThreadPool
    private let lock = AsyncLock()
    private let closed = Mutex(false)

    private init(path: String, connection: SQLiteConnection, threadPool: NIOThreadPool) {
        self.path = path
        self.connection = connection
        self.threadPool = threadPool
    }

    /// Opens (creating if needed) the database file at `path` on a new single-thread pool.
    static func open(path: String, logger: Logger) async throws -> SQLiteHandle {
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        do {
            let connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: threadPool, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any()
            )
            return SQLiteHandle(path: path, connection: connection, threadPool: threadPool)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw CapstanStoreError.unavailable("cannot open SQLite database \(path): \(error)")
        }
    }

    /// Runs statements outside an explicit transaction (each statement is atomic on its own).
    func run<T: Sendable>(_ what: String, _ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await lock.withLock {
            try checkOpen(what)
            do {
                return try await body(connection)
            } catch {
                throw Self.storeError(error, what)
            }
        }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so a concurrent writer in
    /// another process waits (busy timeout) instead of failing half-way with SQLITE_BUSY on upgrade.
    func transaction<T: Sendable>(_ what: String, _ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await lock.withLock {
            try checkOpen(what)
            do {
                _ = try await connection.query("BEGIN IMMEDIATE")
                do {
                    let value = try await body(connection)
                    _ = try await connection.query("COMMIT")
                    return value
                } catch {
                    _ = try? await connection.query("ROLLBACK")
                    throw error
                }
            } catch {
                throw Self.storeError(error, what)
            }
        }
    }

    /// Closes the connection once; later calls fail with ``CapstanStoreError/unavailable``.
    func close() async throws {
        try await lock.withLock {
            let wasClosed = closed.withLock { closed in
                defer { closed = true }
                return closed
            }
            guard !wasClosed else { return }
            do {
                try await connection.close()
                try await threadPool.shutdownGracefully()
            } catch {
                throw Self.storeError(error, "close")
            }
        }
    }

    private func checkOpen(_ what: String) throws {
        if closed.withLock({ $0 }) {
            throw CapstanStoreError.unavailable("\(what): the store is closed")
        }
    }

    /// Maps any error to ``CapstanStoreError``. SQLite's messages name constraints and columns, never bound values.
    static func storeError(_ error: any Error, _ what: String) -> CapstanStoreError {
        if let error = error as? CapstanStoreError { return error }
        guard let error = error as? SQLiteError else {
            return .unavailable("\(what): \(error)")
        }
        switch error.reason {
        case .constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed:
            return .conflict("\(what): \(error.message)")
        case .constraintForeignKeyFailed:
            return .notFound("\(what): a referenced row does not exist")
        case .corrupt, .corruptIndex, .corruptSequenceSchema, .corruptVirtualTable, .notADatabase, .format:
            return .corrupt("\(what): \(error.message)")
        default:
            return .unavailable("\(what): \(error.description)")
        }
    }
}
