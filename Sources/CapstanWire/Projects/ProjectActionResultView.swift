/// The outcome of a project action on one container.
public struct ProjectActionResultView: Codable, Sendable, Hashable {
    /// The container id.
    public var id: String
    /// The container name.
    public var name: String
    /// Its service.
    public var service: String
    /// Whether the action succeeded.
    public var ok: Bool
    /// Whether it changed anything (false: it already was in that state); nil when it failed.
    public var changed: Bool?
    /// Why it failed.
    public var error: ErrorBody?

    /// Creates a result.
    public init(id: String, name: String, service: String, ok: Bool, changed: Bool?, error: ErrorBody?) {
        self.id = id
        self.name = name
        self.service = service
        self.ok = ok
        self.changed = changed
        self.error = error
    }
}
