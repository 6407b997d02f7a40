/// The fields of `GET /containers/{id}/json` that Capstan acts on (the raw document is also available).
public struct ContainerInspect: Sendable, Hashable, Codable {
    /// The 64-hex id.
    public var id: String
    /// The name with its leading slash.
    public var name: String
    /// Creation time (RFC 3339 with nanoseconds).
    public var created: String?
    /// The image id.
    public var image: String?
    /// How often the engine restarted it under its restart policy.
    public var restartCount: Int?
    /// The run state.
    public var state: ContainerState
    /// The configuration it was created with.
    public var config: ContainerConfig

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", created = "Created", image = "Image", restartCount = "RestartCount"
        case state = "State", config = "Config"
    }
}

/// `State` of an inspected container.
public struct ContainerState: Sendable, Hashable, Codable {
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
    public var status: String
    /// Whether it runs (also true while paused).
    public var running: Bool
    /// Whether it is paused.
    public var paused: Bool
    /// Whether the engine is restarting it.
    public var restarting: Bool
    /// Whether the kernel killed it for memory.
    public var oomKilled: Bool?
    /// The main process id (0 when stopped).
    public var pid: Int?
    /// The last exit code.
    public var exitCode: Int?
    /// The runtime's error text after a failed start.
    public var error: String?
    /// When it last started (the zero time `0001-01-01T00:00:00Z` when never).
    public var startedAt: String?
    /// When it last stopped.
    public var finishedAt: String?
    /// Healthcheck state, for containers with a healthcheck.
    public var health: Health?

    /// The healthcheck state.
    public struct Health: Sendable, Hashable, Codable {
        /// `starting`, `healthy` or `unhealthy`.
        public var status: String
        /// Consecutive failed probes.
        public var failingStreak: Int?
        enum CodingKeys: String, CodingKey { case status = "Status", failingStreak = "FailingStreak" }
    }

    enum CodingKeys: String, CodingKey {
        case status = "Status", running = "Running", paused = "Paused", restarting = "Restarting"
        case oomKilled = "OOMKilled", pid = "Pid", exitCode = "ExitCode", error = "Error"
        case startedAt = "StartedAt", finishedAt = "FinishedAt", health = "Health"
    }
}

/// `Config` of an inspected container.
public struct ContainerConfig: Sendable, Hashable, Codable {
    /// The image reference as the user gave it.
    public var image: String?
    /// Labels.
    public var labels: [String: String]?
    /// Whether it has a TTY: then its logs are a raw stream, not multiplexed frames.
    public var tty: Bool?
    /// The command.
    public var cmd: [String]?
    /// The entrypoint.
    public var entrypoint: [String]?
    /// Environment (`KEY=value`).
    public var env: [String]?
    /// Working directory.
    public var workingDir: String?
    /// User.
    public var user: String?

    enum CodingKeys: String, CodingKey {
        case image = "Image", labels = "Labels", tty = "Tty", cmd = "Cmd", entrypoint = "Entrypoint"
        case env = "Env", workingDir = "WorkingDir", user = "User"
    }
}
