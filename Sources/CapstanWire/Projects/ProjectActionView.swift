/// What a project-wide start, stop or restart did, container by container.
///
/// Answered with HTTP 200 when every container succeeded and 207 when at least one failed; a
/// failure never hides the containers that were acted on.
public struct ProjectActionView: Codable, Sendable, Hashable {
    /// The engine.
    public var engine: String
    /// The project.
    public var project: String
    /// `start`, `stop` or `restart`.
    public var action: String
    /// How many containers succeeded.
    public var succeeded: Int
    /// How many failed.
    public var failed: Int
    /// One result per container acted on, by service then replica number.
    public var results: [ProjectActionResultView]

    /// Creates a view.
    public init(engine: String, project: String, action: String, results: [ProjectActionResultView]) {
        self.engine = engine
        self.project = project
        self.action = action
        self.results = results
        self.succeeded = results.filter(\.ok).count
        self.failed = results.count - self.succeeded
    }
}
