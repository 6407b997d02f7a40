/// A volume as clients see it.
public struct VolumeView: Codable, Sendable, Hashable {
    /// The engine.
    public var engine: String
    /// The name.
    public var name: String
    /// The driver.
    public var driver: String
    /// Where it lives on the host.
    public var mountpoint: String?
    /// Creation time (RFC 3339).
    public var createdAt: String?
    /// Labels.
    public var labels: [String: String]
    /// Bytes used (from `system/df`), nil when unknown.
    public var size: Int64?
    /// Containers referring to it, nil when unknown.
    public var refCount: Int?
    /// Whether a container uses it, nil when unknown.
    public var inUse: Bool?

    /// Creates a view.
    public init(
        engine: String, name: String, driver: String, mountpoint: String?, createdAt: String?, labels: [String: String],
        size: Int64?, refCount: Int?, inUse: Bool?
    ) {
        self.engine = engine
        self.name = name
        self.driver = driver
        self.mountpoint = mountpoint
        self.createdAt = createdAt
        self.labels = labels
        self.size = size
        self.refCount = refCount
        self.inUse = inUse
    }
}
