/// Runs `body`, failing with an error if it takes longer than `limit` (so a broken stream fails, not hangs).
func withTimeout<Result: Sendable>(
    _ limit: Duration, _ what: String = "operation", _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw TestSetupError("\(what) did not finish within \(limit)")
        }
        return result
    }
}
