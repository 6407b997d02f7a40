/// The answer to a lifecycle action (`start`, `stop`, `restart`, `kill`, `pause`, `unpause`, `rename`).
public struct ActionResultView: Codable, Sendable, Hashable {
    /// The engine.
    public var engine: String
    /// The container, as the client named it.
    public var container: String
    /// The action.
    public var action: String
    /// False when the container already was in the requested state (nothing was done).
    public var changed: Bool

    /// Creates a view.
    public init(engine: String, container: String, action: String, changed: Bool) {
        self.engine = engine
        self.container = container
        self.action = action
        self.changed = changed
    }
}
