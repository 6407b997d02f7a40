/// `GET /version`.
public struct EngineVersion: Sendable, Hashable, Codable {
    /// The engine version (`20.10.24+dfsg1`).
    public var version: String
    /// The newest API version it speaks.
    public var apiVersion: String
    /// The oldest API version it speaks.
    public var minAPIVersion: String?
    /// Commit.
    public var gitCommit: String?
    /// Go version.
    public var goVersion: String?
    /// `linux`.
    public var os: String?
    /// `amd64`.
    public var arch: String?
    /// The host kernel.
    public var kernelVersion: String?

    enum CodingKeys: String, CodingKey {
        case version = "Version", apiVersion = "ApiVersion", minAPIVersion = "MinAPIVersion", gitCommit = "GitCommit"
        case goVersion = "GoVersion", os = "Os", arch = "Arch", kernelVersion = "KernelVersion"
    }
}

/// The fields of `GET /info` that Capstan shows.
public struct EngineInfo: Sendable, Hashable, Codable {
    /// Engine id (not unique across engines of one host: it comes from `/etc/docker/key.json`).
    public var id: String?
    /// Host name.
    public var name: String?
    /// Engine version.
    public var serverVersion: String?
    /// Containers in all states.
    public var containers: Int?
    /// Running containers.
    public var containersRunning: Int?
    /// Paused containers.
    public var containersPaused: Int?
    /// Stopped containers.
    public var containersStopped: Int?
    /// Images.
    public var images: Int?
    /// CPUs.
    public var ncpu: Int?
    /// Memory in bytes.
    public var memTotal: Int64?
    /// Operating system.
    public var operatingSystem: String?
    /// `linux`.
    public var osType: String?
    /// `x86_64`.
    public var architecture: String?
    /// Kernel.
    public var kernelVersion: String?
    /// Storage driver.
    public var driver: String?
    /// Default log driver.
    public var loggingDriver: String?
    /// `cgroupfs` or `systemd`.
    public var cgroupDriver: String?
    /// `1` or `2`.
    public var cgroupVersion: String?
    /// Data root.
    public var dockerRootDir: String?
    /// Warnings.
    public var warnings: [String]?
    /// The engine's clock when it answered: the `since` of a first event stream (see `EngineHub.watch`).
    public var systemTime: DockerTimestamp?

    enum CodingKeys: String, CodingKey {
        case id = "ID", name = "Name", serverVersion = "ServerVersion", containers = "Containers"
        case containersRunning = "ContainersRunning", containersPaused = "ContainersPaused"
        case containersStopped = "ContainersStopped", images = "Images", ncpu = "NCPU", memTotal = "MemTotal"
        case operatingSystem = "OperatingSystem", osType = "OSType", architecture = "Architecture"
        case kernelVersion = "KernelVersion", driver = "Driver", loggingDriver = "LoggingDriver"
        case cgroupDriver = "CgroupDriver", cgroupVersion = "CgroupVersion", dockerRootDir = "DockerRootDir"
        case warnings = "Warnings", systemTime = "SystemTime"
    }
}

/// `GET /system/df`: disk usage by images, containers and volumes.
public struct DiskUsage: Sendable, Hashable, Codable {
    /// Bytes used by all image layers.
    public var layersSize: Int64?
    /// Images with their real container counts.
    public var images: [ImageSummary]?
    /// Containers with their sizes.
    public var containers: [ContainerSummary]?
    /// Volumes with usage data.
    public var volumes: [Volume]?

    enum CodingKeys: String, CodingKey {
        case layersSize = "LayersSize", images = "Images", containers = "Containers", volumes = "Volumes"
    }
}
