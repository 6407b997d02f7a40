/// A volume, as listed or inspected.
public struct Volume: Sendable, Hashable, Codable {
    /// The name.
    public var name: String
    /// The driver (`local`).
    public var driver: String
    /// Where it lives on the host.
    public var mountpoint: String?
    /// Creation time (RFC 3339).
    public var createdAt: String?
    /// Labels.
    public var labels: [String: String]?
    /// `local` or `global`.
    public var scope: String?
    /// Driver options.
    public var options: [String: String]?
    /// Size and reference count, only from `system/df`.
    public var usageData: UsageData?

    /// Size and reference count of a volume.
    public struct UsageData: Sendable, Hashable, Codable {
        /// Bytes used (-1 when unknown).
        public var size: Int64
        /// Containers referring to it (-1 when unknown).
        public var refCount: Int
        enum CodingKeys: String, CodingKey { case size = "Size", refCount = "RefCount" }
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", driver = "Driver", mountpoint = "Mountpoint", createdAt = "CreatedAt", labels = "Labels"
        case scope = "Scope", options = "Options", usageData = "UsageData"
    }
}

/// The answer of `GET /volumes`.
public struct VolumeListResponse: Sendable, Hashable, Codable {
    /// The volumes.
    public var volumes: [Volume]?
    /// Warnings.
    public var warnings: [String]?
    enum CodingKeys: String, CodingKey { case volumes = "Volumes", warnings = "Warnings" }
}

/// The body of `POST /volumes/create`.
public struct VolumeCreateRequest: Sendable, Hashable, Codable {
    /// The name (generated when nil).
    public var name: String?
    /// The driver.
    public var driver: String?
    /// Labels.
    public var labels: [String: String]?

    /// Creates a request.
    public init(name: String? = nil, driver: String? = nil, labels: [String: String]? = nil) {
        self.name = name
        self.driver = driver
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey { case name = "Name", driver = "Driver", labels = "Labels" }
}

/// What a volume prune removed.
public struct VolumePruneResponse: Sendable, Hashable, Codable {
    /// Removed volume names.
    public var volumesDeleted: [String]?
    /// Bytes reclaimed.
    public var spaceReclaimed: Int64
    enum CodingKeys: String, CodingKey { case volumesDeleted = "VolumesDeleted", spaceReclaimed = "SpaceReclaimed" }
}
