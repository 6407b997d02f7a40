/// What `POST /containers/{id}/wait` waits for.
public enum WaitCondition: String, Sendable, Hashable, Codable {
    /// The container is not running (returns at once for a stopped one).
    case notRunning = "not-running"
    /// The next exit.
    case nextExit = "next-exit"
    /// The container is removed.
    case removed
}
