/// A compose project on one engine, as clients see it: read from its containers' `com.docker.compose.*` labels.
public struct ProjectView: Codable, Sendable, Hashable {
    /// The engine.
    public var engine: String
    /// The project name.
    public var name: String
    /// `running` (every container runs), `stopped` (none does) or `partial`.
    public var status: String
    /// The folder compose ran in, when the containers say.
    public var workingDir: String?
    /// The compose files, when the containers say.
    public var configFiles: [String]
    /// How many containers the project has.
    public var containerCount: Int
    /// How many of them run.
    public var running: Int
    /// Containers per engine state (`running`, `exited`, `paused`, `created`, …).
    public var states: [String: Int]
    /// The services, in name order.
    public var services: [ProjectServiceView]
    /// Every container, by service then replica number.
    public var containers: [ProjectContainerView]

    /// Creates a view.
    public init(
        engine: String, name: String, status: String, workingDir: String?, configFiles: [String], containerCount: Int,
        running: Int, states: [String: Int], services: [ProjectServiceView], containers: [ProjectContainerView]
    ) {
        self.engine = engine
        self.name = name
        self.status = status
        self.workingDir = workingDir
        self.configFiles = configFiles
        self.containerCount = containerCount
        self.running = running
        self.states = states
        self.services = services
        self.containers = containers
    }
}
