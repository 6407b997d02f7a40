/// `GET /exec/{id}/json`: the state of an exec instance.
public struct ExecInspect: Sendable, Hashable, Codable {
    /// The exec id.
    public var id: String
    /// Whether the process runs (it may still be true for a moment after its output ended).
    public var running: Bool
    /// The exit code, once it exited (`nil` before it started and while it runs).
    public var exitCode: Int?
    /// The process id on the engine's host (0 before it started).
    public var pid: Int?
    /// The container it runs in.
    public var containerID: String
    /// Whether stdin is attached.
    public var openStdin: Bool?
    /// Whether stdout is attached.
    public var openStdout: Bool?
    /// Whether stderr is attached.
    public var openStderr: Bool?
    /// What runs.
    public var processConfig: ProcessConfig

    /// The command of an exec instance.
    public struct ProcessConfig: Sendable, Hashable, Codable {
        /// Whether it has a TTY.
        public var tty: Bool
        /// The program.
        public var entrypoint: String
        /// Its arguments.
        public var arguments: [String]
        /// Whether it runs privileged.
        public var privileged: Bool?
        /// The user, when one was given.
        public var user: String?

        enum CodingKeys: String, CodingKey {
            case tty, entrypoint, arguments, privileged, user
        }

        /// Decodes the engine's document (`arguments` is `null` for a command without arguments).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            tty = try container.decodeIfPresent(Bool.self, forKey: .tty) ?? false
            entrypoint = try container.decodeIfPresent(String.self, forKey: .entrypoint) ?? ""
            arguments = try container.decodeIfPresent([String].self, forKey: .arguments) ?? []
            privileged = try container.decodeIfPresent(Bool.self, forKey: .privileged)
            user = try container.decodeIfPresent(String.self, forKey: .user)
        }
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID", running = "Running", exitCode = "ExitCode", pid = "Pid", containerID = "ContainerID"
        case openStdin = "OpenStdin", openStdout = "OpenStdout", openStderr = "OpenStderr"
        case processConfig = "ProcessConfig"
    }
}
