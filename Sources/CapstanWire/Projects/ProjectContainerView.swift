/// One container of a compose project.
public struct ProjectContainerView: Codable, Sendable, Hashable {
    /// The 64-hex id.
    public var id: String
    /// The name.
    public var name: String
    /// The service.
    public var service: String
    /// The replica number, when the container carries one.
    public var number: Int?
    /// Whether it is a `compose run` container (project actions leave these alone, as compose does).
    public var oneOff: Bool
    /// The engine's state.
    public var state: String
    /// The engine's status text.
    public var status: String
    /// The health, when it has a healthcheck.
    public var health: String?
    /// The image.
    public var image: String

    /// Creates a view.
    public init(
        id: String, name: String, service: String, number: Int?, oneOff: Bool, state: String, status: String, health: String?,
        image: String
    ) {
        self.id = id
        self.name = name
        self.service = service
        self.number = number
        self.oneOff = oneOff
        self.state = state
        self.status = status
        self.health = health
        self.image = image
    }
}
