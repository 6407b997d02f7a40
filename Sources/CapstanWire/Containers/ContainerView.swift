/// A container as clients see it: one row of the container list.
public struct ContainerView: Codable, Sendable, Hashable {
    /// The engine it runs on.
    public var engine: String
    /// The 64-hex id.
    public var id: String
    /// The primary name, without the engine's leading slash.
    public var name: String
    /// The image reference as given.
    public var image: String
    /// The image id.
    public var imageID: String?
    /// The command.
    public var command: String?
    /// Creation time, Unix seconds.
    public var created: Int64
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
    public var state: String
    /// The engine's status text (`Up 5 minutes (healthy)`).
    public var status: String
    /// When the server read ``status`` (Unix milliseconds, the server's clock): the engine says "Up 5
    /// minutes" only when asked, so a client ages the text from this moment (the welcome's `serverTime`
    /// gives the clock difference). Not a change of its own: it moves with the text.
    public var statusAt: Int64?
    /// `starting`, `healthy` or `unhealthy`; absent without a healthcheck.
    public var health: String?
    /// Ports, IPv4/IPv6 duplicates merged.
    public var ports: [PortView]
    /// Labels.
    public var labels: [String: String]
    /// Compose project, from its label.
    public var composeProject: String?
    /// Compose service, from its label.
    public var composeService: String?
    /// How often the engine restarted it under its restart policy (from inspect; absent when not read).
    public var restartCount: Int?
    /// When it last started (RFC 3339; absent when it never ran or was not read).
    public var startedAt: String?
    /// Bytes written in its layer (only when sizes were asked for).
    public var sizeRw: Int64?
    /// Size of its root filesystem (only when sizes were asked for).
    public var sizeRootFs: Int64?

    /// Creates a view.
    public init(
        engine: String, id: String, name: String, image: String, imageID: String?, command: String?, created: Int64,
        state: String, status: String, health: String?, ports: [PortView], labels: [String: String],
        composeProject: String?, composeService: String?, sizeRw: Int64? = nil, sizeRootFs: Int64? = nil,
        restartCount: Int? = nil, startedAt: String? = nil, statusAt: Int64? = nil
    ) {
        self.engine = engine
        self.id = id
        self.name = name
        self.image = image
        self.imageID = imageID
        self.command = command
        self.created = created
        self.state = state
        self.status = status
        self.health = health
        self.ports = ports
        self.labels = labels
        self.composeProject = composeProject
        self.composeService = composeService
        self.sizeRw = sizeRw
        self.sizeRootFs = sizeRootFs
        self.restartCount = restartCount
        self.startedAt = startedAt
        self.statusAt = statusAt
    }
}

/// A container port.
public struct PortView: Codable, Sendable, Hashable {
    /// Host address of a published port.
    public var ip: String?
    /// Port inside the container.
    public var privatePort: Int
    /// Host port, when published.
    public var publicPort: Int?
    /// `tcp`, `udp` or `sctp`.
    public var type: String

    /// Creates a view.
    public init(ip: String?, privatePort: Int, publicPort: Int?, type: String) {
        self.ip = ip
        self.privatePort = privatePort
        self.publicPort = publicPort
        self.type = type
    }
}
