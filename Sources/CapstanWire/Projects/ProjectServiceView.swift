/// One service of a compose project: its containers counted by state.
public struct ProjectServiceView: Codable, Sendable, Hashable {
    /// The service name (empty when containers lack the service label).
    public var name: String
    /// How many containers it has (replicas and one-off `compose run` containers).
    public var containerCount: Int
    /// How many of them run.
    public var running: Int
    /// Containers per engine state.
    public var states: [String: Int]
    /// The images its containers were created from.
    public var images: [String]

    /// Creates a view.
    public init(name: String, containerCount: Int, running: Int, states: [String: Int], images: [String]) {
        self.name = name
        self.containerCount = containerCount
        self.running = running
        self.states = states
        self.images = images
    }
}
