/// Runs `operation`, failing with ``CapstanStoreError/unavailable`` when it has not finished within `timeout`.
///
/// PostgresClient queues a request while it cannot connect and only fails it after a 60-second circuit breaker;
/// an audited action must be refused much sooner than that. On timeout the operation is cancelled (a request
/// waiting for a connection leaves the pool's queue) and awaited before returning.
func withDeadline<T: Sendable>(
    _ timeout: Duration,
    _ what: @autoclosure () -> String,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let description = what()
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        // The first child to finish decides; a nil means the timer won.
        guard let first = try await group.next(), let value = first else {
            throw CapstanStoreError.unavailable("\(description): no answer from the database within \(timeout)")
        }
        return value
    }
}
