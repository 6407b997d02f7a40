/// One row of `GET /containers/json`.
public struct ContainerSummary: Sendable, Hashable, Codable {
    /// The 64-hex container id.
    public var id: String
    /// The names, each with a leading slash (`/web`).
    public var names: [String]
    /// The image reference as the user gave it.
    public var image: String
    /// The image id (`sha256:…`).
    public var imageID: String?
    /// The command, as one string.
    public var command: String?
    /// Creation time in Unix seconds.
    public var created: Int64
    /// Published and exposed ports (the engine lists IPv4 and IPv6 bindings separately).
    public var ports: [ContainerPort]?
    /// All labels.
    public var labels: [String: String]?
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
    public var state: String
    /// The engine's human status text (`Up 2 seconds (healthy)`).
    public var status: String
    /// Bytes written in the container's layer (only with `size`; left out when 0).
    public var sizeRw: Int64?
    /// Total size of the container's root filesystem (only with `size`).
    public var sizeRootFs: Int64?
    /// Volumes and bind mounts.
    public var mounts: [Mount]?

    /// A mount of a container.
    public struct Mount: Sendable, Hashable, Codable {
        /// `volume`, `bind`, `tmpfs`, …
        public var type: String?
        /// The volume name, for volumes.
        public var name: String?
        /// The host path.
        public var source: String?
        /// The path inside the container.
        public var destination: String?
        enum CodingKeys: String, CodingKey { case type = "Type", name = "Name", source = "Source", destination = "Destination" }
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", names = "Names", image = "Image", imageID = "ImageID", command = "Command"
        case created = "Created", ports = "Ports", labels = "Labels", state = "State", status = "Status"
        case sizeRw = "SizeRw", sizeRootFs = "SizeRootFs", mounts = "Mounts"
    }

    /// The primary name without its leading slash.
    public var name: String {
        let primary = names.first { $0.dropFirst().contains("/") == false } ?? names.first ?? id
        return primary.hasPrefix("/") ? String(primary.dropFirst()) : primary
    }

    /// The health parsed from the status suffix (`healthy`, `unhealthy`, `starting`), `nil` without a healthcheck.
    public var health: String? {
        for candidate in ["unhealthy", "healthy", "health: starting"] where status.contains("(\(candidate))") {
            return candidate == "health: starting" ? "starting" : candidate
        }
        return nil
    }

    /// The compose project (`com.docker.compose.project` label).
    public var composeProject: String? { labels?["com.docker.compose.project"] }
    /// The compose service (`com.docker.compose.service` label).
    public var composeService: String? { labels?["com.docker.compose.service"] }

    /// The ports with the IPv4/IPv6 duplicates of one binding merged.
    public var uniquePorts: [ContainerPort] {
        var seen = Set<ContainerPort>()
        var result: [ContainerPort] = []
        for port in ports ?? [] {
            var key = port
            key.ip = nil
            if seen.insert(key).inserted { result.append(port) }
        }
        return result
    }
}

/// A port of a container as the list reports it.
public struct ContainerPort: Sendable, Hashable, Codable {
    /// The host address of a published port (`0.0.0.0`, `::`, `127.0.0.1`).
    public var ip: String?
    /// The port inside the container.
    public var privatePort: Int
    /// The host port, when published.
    public var publicPort: Int?
    /// `tcp`, `udp` or `sctp`.
    public var type: String

    enum CodingKeys: String, CodingKey {
        case ip = "IP", privatePort = "PrivatePort", publicPort = "PublicPort", type = "Type"
    }
}
