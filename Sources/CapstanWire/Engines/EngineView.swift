/// An engine Capstan watches, and whether it can be reached.
public struct EngineView: Codable, Sendable, Hashable {
    /// The name used in URLs (`/api/v1/engines/{name}/…`).
    public var name: String
    /// Where it is (`unix:///var/run/docker.sock`, `tcp://host:2376 (TLS)`).
    public var host: String
    /// `up`, `down` or `unknown` (not contacted yet).
    public var status: String
    /// The last error while it is down.
    public var error: String?
    /// The API version negotiated with it.
    public var apiVersion: String?
    /// Engine version, host and counts, when it is up.
    public var info: EngineInfoView?

    /// Creates a view.
    public init(name: String, host: String, status: String, error: String? = nil, apiVersion: String? = nil, info: EngineInfoView? = nil) {
        self.name = name
        self.host = host
        self.status = status
        self.error = error
        self.apiVersion = apiVersion
        self.info = info
    }
}

/// What an engine says about itself.
public struct EngineInfoView: Codable, Sendable, Hashable {
    /// Engine version (`20.10.24+dfsg1`).
    public var version: String?
    /// Newest API version it speaks.
    public var apiVersion: String?
    /// Host name.
    public var hostName: String?
    /// Operating system.
    public var operatingSystem: String?
    /// Kernel.
    public var kernelVersion: String?
    /// CPU architecture.
    public var architecture: String?
    /// CPUs.
    public var cpus: Int?
    /// Memory in bytes.
    public var memoryBytes: Int64?
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
    /// Storage driver.
    public var storageDriver: String?
    /// cgroup version.
    public var cgroupVersion: String?

    /// Creates an empty view.
    public init() {}
}
