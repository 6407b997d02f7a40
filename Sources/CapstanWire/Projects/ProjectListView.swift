/// The compose projects of every engine, with the engines that could not be asked.
public struct ProjectListView: Codable, Sendable, Hashable {
    /// Projects of every engine that answered, by engine then name.
    public var projects: [ProjectView]
    /// Engines whose projects are missing from the list, and why.
    public var errors: [ErrorBody]

    /// Creates a view.
    public init(projects: [ProjectView], errors: [ErrorBody]) {
        self.projects = projects
        self.errors = errors
    }
}
