/// One container of a compose project, as its labels and the container list describe it.
public struct ComposeContainer: Sendable, Hashable {
    /// The 64-hex id.
    public var id: String
    /// The name, without the leading slash.
    public var name: String
    /// The compose service (`com.docker.compose.service`; empty when the label is missing).
    public var service: String
    /// The replica number (`com.docker.compose.container-number`), nil when missing or not a number.
    public var number: Int?
    /// Whether it is a `compose run` container rather than a replica of the service.
    public var oneOff: Bool
    /// The engine's state: `running`, `exited`, `paused`, `created`, `restarting`, `removing`, `dead`.
    public var state: String
    /// The engine's status text.
    public var status: String
    /// The health, when the container has a healthcheck.
    public var health: String?
    /// The image as the container was created with it.
    public var image: String

    /// Reads a listed container; nil when it is not part of a compose project.
    public init?(_ summary: ContainerSummary) {
        let labels = summary.labels ?? [:]
        guard let project = labels[ComposeLabel.project], !project.isEmpty else { return nil }
        self.id = summary.id
        self.name = summary.name
        self.service = labels[ComposeLabel.service] ?? ""
        self.number = labels[ComposeLabel.containerNumber].flatMap { Int($0) }
        self.oneOff = labels[ComposeLabel.oneOff]?.lowercased() == "true"
        self.state = summary.state
        self.status = summary.status
        self.health = summary.health
        self.image = summary.image
    }
}
