/// A network as clients see it.
public struct NetworkView: Codable, Sendable, Hashable {
    /// The engine.
    public var engine: String
    /// The id.
    public var id: String
    /// The name.
    public var name: String
    /// The driver.
    public var driver: String?
    /// The scope.
    public var scope: String?
    /// Whether it is internal.
    public var `internal`: Bool
    /// Whether it is one of the engine's own (`bridge`, `host`, `none`) and cannot be removed.
    public var predefined: Bool
    /// Ids of the containers attached to it (running ones: a stopped container holds no endpoint).
    public var containers: [String]
    /// The same containers with their names and addresses.
    public var endpoints: [NetworkEndpointView]
    /// Labels.
    public var labels: [String: String]
    /// Creation time.
    public var created: String?

    /// Creates a view.
    public init(
        engine: String, id: String, name: String, driver: String?, scope: String?, internal: Bool, predefined: Bool,
        containers: [String], labels: [String: String], created: String?, endpoints: [NetworkEndpointView] = []
    ) {
        self.engine = engine
        self.id = id
        self.name = name
        self.driver = driver
        self.scope = scope
        self.internal = `internal`
        self.predefined = predefined
        self.containers = containers
        self.endpoints = endpoints
        self.labels = labels
        self.created = created
    }
}
