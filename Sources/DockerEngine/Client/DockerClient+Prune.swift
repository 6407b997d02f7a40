extension DockerClient {
    /// Runs a prune, waiting while the engine is busy with another one.
    ///
    /// The engine runs one prune at a time (containers and networks share one flag; volumes and images
    /// have their own) and refuses a second with 409 "a prune operation is already running". That is
    /// not a conflict the caller can resolve — two people pruning at once should both succeed — so the
    /// request is retried, backing off from 50 ms, for at most about 10 s; then the engine's 409 stands.
    func pruneWaitingForOthers<Result>(_ prune: () async throws -> Result) async throws -> Result {
        var delay = Duration.milliseconds(50)
        var waited = Duration.zero
        while true {
            do {
                return try await prune()
            } catch let error as DockerError where error.code == .conflict && error.message.contains("prune operation is already running") {
                guard waited < .seconds(10) else { throw error }
                // A backoff while the engine finishes the other prune, not a way to order events.
                try await Task.sleep(for: delay)
                waited += delay
                delay = min(delay * 2, .seconds(1))
            }
        }
    }
}
