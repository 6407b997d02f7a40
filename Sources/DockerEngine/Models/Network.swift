/// A network, as listed or inspected.
public struct Network: Sendable, Hashable, Codable {
    /// The name.
    public var name: String
    /// The id.
    public var id: String
    /// Creation time (RFC 3339).
    public var created: String?
    /// `local`, `swarm` or `global`.
    public var scope: String?
    /// `bridge`, `host`, `null`, `overlay`, …
    public var driver: String?
    /// Whether it is internal (no outside access).
    public var `internal`: Bool?
    /// Whether containers can attach by hand.
    public var attachable: Bool?
    /// Attached containers by id: filled by inspect only (empty in the list).
    public var containers: [String: Endpoint]?
    /// Driver options.
    public var options: [String: String]?
    /// Labels.
    public var labels: [String: String]?

    /// A container's endpoint on the network.
    public struct Endpoint: Sendable, Hashable, Codable {
        /// The container name.
        public var name: String?
        /// The endpoint id.
        public var endpointID: String?
        /// MAC address.
        public var macAddress: String?
        /// IPv4 address with prefix.
        public var ipv4Address: String?
        /// IPv6 address with prefix.
        public var ipv6Address: String?
        enum CodingKeys: String, CodingKey {
            case name = "Name", endpointID = "EndpointID", macAddress = "MacAddress"
            case ipv4Address = "IPv4Address", ipv6Address = "IPv6Address"
        }
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", id = "Id", created = "Created", scope = "Scope", driver = "Driver", `internal` = "Internal"
        case attachable = "Attachable", containers = "Containers", options = "Options", labels = "Labels"
    }

    /// Whether it is one of the networks every engine has (`bridge`, `host`, `none`), which cannot be removed.
    public var isPredefined: Bool { ["bridge", "host", "none"].contains(name) }
}

/// The body of `POST /networks/create`.
public struct NetworkCreateRequest: Sendable, Hashable, Codable {
    /// The name.
    public var name: String
    /// The driver (`bridge` when nil).
    public var driver: String?
    /// Internal network.
    public var `internal`: Bool?
    /// Labels.
    public var labels: [String: String]?
    /// Refuse a duplicate name.
    public var checkDuplicate: Bool

    /// Creates a request.
    public init(name: String, driver: String? = nil, internal: Bool? = nil, labels: [String: String]? = nil) {
        self.name = name
        self.driver = driver
        self.internal = `internal`
        self.labels = labels
        self.checkDuplicate = true
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", driver = "Driver", `internal` = "Internal", labels = "Labels", checkDuplicate = "CheckDuplicate"
    }
}

/// The answer to a network create.
public struct NetworkCreateResponse: Sendable, Hashable, Codable {
    /// The new network's id.
    public var id: String
    /// A warning, if any.
    public var warning: String?
    enum CodingKeys: String, CodingKey { case id = "Id", warning = "Warning" }
}

/// What a network prune removed.
public struct NetworkPruneResponse: Sendable, Hashable, Codable {
    /// Removed network names.
    public var networksDeleted: [String]?
    enum CodingKeys: String, CodingKey { case networksDeleted = "NetworksDeleted" }
}
