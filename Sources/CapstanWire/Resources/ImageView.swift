/// An image as clients see it.
public struct ImageView: Codable, Sendable, Hashable {
    /// The engine.
    public var engine: String
    /// `sha256:…`.
    public var id: String
    /// Tags (`repo:tag`), empty for a dangling image.
    public var tags: [String]
    /// Digests.
    public var digests: [String]
    /// Creation time, Unix seconds.
    public var created: Int64
    /// Size in bytes.
    public var size: Int64
    /// Containers using it (from `system/df`), nil when unknown.
    public var containers: Int?
    /// Whether a container uses it, nil when unknown.
    public var inUse: Bool?
    /// Whether it has no tag.
    public var dangling: Bool
    /// Labels.
    public var labels: [String: String]

    /// Creates a view.
    public init(
        engine: String, id: String, tags: [String], digests: [String], created: Int64, size: Int64, containers: Int?,
        inUse: Bool?, dangling: Bool, labels: [String: String]
    ) {
        self.engine = engine
        self.id = id
        self.tags = tags
        self.digests = digests
        self.created = created
        self.size = size
        self.containers = containers
        self.inUse = inUse
        self.dangling = dangling
        self.labels = labels
    }
}
