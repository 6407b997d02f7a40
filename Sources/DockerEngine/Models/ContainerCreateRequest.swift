/// The body of `POST /containers/create`: what to run and how.
public struct ContainerCreateRequest: Sendable, Hashable, Codable {
    /// The image reference (the engine never pulls on create).
    public var image: String
    /// The command.
    public var cmd: [String]?
    /// The entrypoint.
    public var entrypoint: [String]?
    /// Environment (`KEY=value`).
    public var env: [String]?
    /// Labels.
    public var labels: [String: String]?
    /// Allocate a TTY.
    public var tty: Bool?
    /// Keep stdin open.
    public var openStdin: Bool?
    /// Working directory.
    public var workingDir: String?
    /// User.
    public var user: String?
    /// Signal for stop (`SIGTERM` when unset).
    public var stopSignal: String?
    /// Seconds `stop` waits before SIGKILL.
    public var stopTimeout: Int?
    /// Healthcheck.
    public var healthcheck: Healthcheck?
    /// Host-side settings.
    public var hostConfig: HostConfig?

    /// Creates a request for an image; set the other fields as needed.
    public init(image: String, cmd: [String]? = nil) {
        self.image = image
        self.cmd = cmd
    }

    /// A healthcheck (durations in nanoseconds, as the engine wants them).
    public struct Healthcheck: Sendable, Hashable, Codable {
        /// `["CMD-SHELL", "…"]`, `["CMD", …]` or `["NONE"]`.
        public var test: [String]
        /// Time between probes (ns).
        public var interval: Int64?
        /// Time a probe may take (ns).
        public var timeout: Int64?
        /// Grace period before failures count (ns).
        public var startPeriod: Int64?
        /// Failures before unhealthy.
        public var retries: Int?

        /// Creates a healthcheck.
        public init(test: [String], interval: Int64? = nil, timeout: Int64? = nil, startPeriod: Int64? = nil, retries: Int? = nil) {
            self.test = test
            self.interval = interval
            self.timeout = timeout
            self.startPeriod = startPeriod
            self.retries = retries
        }

        enum CodingKeys: String, CodingKey {
            case test = "Test", interval = "Interval", timeout = "Timeout", startPeriod = "StartPeriod", retries = "Retries"
        }
    }

    /// `HostConfig`.
    public struct HostConfig: Sendable, Hashable, Codable {
        /// Bind mounts and named volumes (`name:/path`).
        public var binds: [String]?
        /// `no`, `always`, `unless-stopped` or `on-failure`, with the retry count for the last.
        public var restartPolicy: RestartPolicy?
        /// Memory limit in bytes.
        public var memory: Int64?
        /// `bridge`, `host`, `none`, or a network name.
        public var networkMode: String?
        /// Remove the container when it exits.
        public var autoRemove: Bool?
        /// Run an init process as PID 1.
        public var `init`: Bool?

        /// Creates empty host settings.
        public init() {}

        enum CodingKeys: String, CodingKey {
            case binds = "Binds", restartPolicy = "RestartPolicy", memory = "Memory", networkMode = "NetworkMode"
            case autoRemove = "AutoRemove", `init` = "Init"
        }
    }

    /// A restart policy.
    public struct RestartPolicy: Sendable, Hashable, Codable {
        /// The policy name.
        public var name: String
        /// Retries for `on-failure`.
        public var maximumRetryCount: Int?

        /// Creates a policy.
        public init(name: String, maximumRetryCount: Int? = nil) {
            self.name = name
            self.maximumRetryCount = maximumRetryCount
        }

        enum CodingKeys: String, CodingKey { case name = "Name", maximumRetryCount = "MaximumRetryCount" }
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image", cmd = "Cmd", entrypoint = "Entrypoint", env = "Env", labels = "Labels", tty = "Tty"
        case openStdin = "OpenStdin", workingDir = "WorkingDir", user = "User", stopSignal = "StopSignal"
        case stopTimeout = "StopTimeout", healthcheck = "Healthcheck", hostConfig = "HostConfig"
    }
}

/// The answer to a container create: the id and the engine's warnings.
public struct ContainerCreateResponse: Sendable, Hashable, Codable {
    /// The new container's id.
    public var id: String
    /// Warnings (memory limits the kernel cannot enforce, …).
    public var warnings: [String]?
    enum CodingKeys: String, CodingKey { case id = "Id", warnings = "Warnings" }
}

/// The answer to `POST /containers/{id}/wait`.
public struct ContainerWaitResponse: Sendable, Hashable, Codable {
    /// The exit code.
    public var statusCode: Int
    /// The error the wait ended with, if any.
    public var error: WaitError?

    /// An error that ended the wait.
    public struct WaitError: Sendable, Hashable, Codable {
        /// Its message.
        public var message: String?
        enum CodingKeys: String, CodingKey { case message = "Message" }
    }

    enum CodingKeys: String, CodingKey { case statusCode = "StatusCode", error = "Error" }
}

/// What a container prune removed.
public struct ContainerPruneResponse: Sendable, Hashable, Codable {
    /// The removed container ids.
    public var containersDeleted: [String]?
    /// Bytes reclaimed.
    public var spaceReclaimed: Int64
    enum CodingKeys: String, CodingKey { case containersDeleted = "ContainersDeleted", spaceReclaimed = "SpaceReclaimed" }
}
