import Logging
import PostgresNIO
import Synchronization

/// The running `PostgresClient` behind a ``PostgresStore``, with the deadline and error mapping every call goes
/// through.
final class PostgresHandle: Sendable {
    let client: PostgresClient
    let configuration: PostgresStoreConfiguration
    let logger: Logger
    private let closed = Mutex(false)

    init(client: PostgresClient, configuration: PostgresStoreConfiguration, logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs `body` on a pooled connection, outside an explicit transaction.
    @discardableResult
    func run<T: Sendable>(
        _ what: String,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try checkOpen(what)
        let client = client
        do {
            return try await withDeadline(configuration.operationTimeout, what) {
                try await client.withConnection { connection in try await body(connection) }
            }
        } catch {
            throw Self.storeError(error, what)
        }
    }

    /// Runs `body` in a transaction on one pooled connection: committed if it returns, rolled back if it throws.
    ///
    /// Written out rather than using `PostgresClient.withTransaction` so that errors arrive unwrapped for
    /// mapping, and so that a connection whose rollback failed is closed instead of going back to the pool in an
    /// unknown transaction state.
    @discardableResult
    func transaction<T: Sendable>(
        _ what: String,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await run(what) { [logger] connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                do {
                    try await connection.query("ROLLBACK", logger: logger)
                } catch {
                    try? await connection.close()
                }
                throw error
            }
        }
    }

    /// Marks the handle closed; later calls fail with ``CapstanStoreError/unavailable``. Returns whether this call
    /// closed it.
    func markClosed() -> Bool {
        closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
    }

    private func checkOpen(_ what: String) throws {
        if closed.withLock({ $0 }) {
            throw CapstanStoreError.unavailable("\(what): the store is closed")
        }
    }
}
