/// Hands work to the hub's task group, so every upstream stream is a child of the hub's `run()`
/// and ends with it — structured concurrency for work that starts on a client's demand.
public final class TaskSpawner: Sendable {
    private let continuation: AsyncStream<@Sendable () async -> Void>.Continuation
    let jobs: AsyncStream<@Sendable () async -> Void>

    init() {
        (jobs, continuation) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
    }

    /// Runs `job` as a child of the hub.
    public func spawn(_ job: @escaping @Sendable () async -> Void) {
        continuation.yield(job)
    }

    func finish() { continuation.finish() }
}
