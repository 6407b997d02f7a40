import CapstanWire
import DockerEngine

/// Reads one kind of engine object with its usage, as clients see it: the one path the REST lists
/// and the live lists share.
///
/// Usage is counted from one container list (every container, stopped ones too, holds its image
/// and its volumes); network attachments come from the same list (running containers only, as the
/// engine's network inspect reports them).
public enum ResourceReader {
    /// Images with in-use (containers counted by image id) and dangling flags.
    public static func images(_ client: DockerClient, engine: String, all: Bool = false, filters: DockerFilters = [:]) async throws
        -> [ImageView]
    {
        async let images = client.listImages(all: all, filters: filters)
        async let containers = client.listContainers(all: true)
        var users: [String: Int] = [:]
        for container in try await containers { if let image = container.imageID { users[image, default: 0] += 1 } }
        return try await images.map { ImageView(engine: engine, summary: $0, containerCount: users[$0.id] ?? 0) }
    }

    /// Volumes with in-use and reference counts; with `size`, the bytes each uses (from `system/df`, which walks their files).
    public static func volumes(_ client: DockerClient, engine: String, filters: DockerFilters = [:], size: Bool = false) async throws
        -> [VolumeView]
    {
        async let volumes = client.listVolumes(filters: filters)
        async let containers = client.listContainers(all: true)
        var usage: [Volume] = []
        if size { usage = try await client.diskUsage().volumes ?? [] }
        let users = volumeUsers(try await containers)
        let sizes = Dictionary(usage.compactMap { volume in volume.usageData.map { (volume.name, $0) } }) { first, _ in first }
        return try await volumes.map { volume in
            var volume = volume
            if volume.usageData == nil { volume.usageData = sizes[volume.name] }
            return VolumeView(engine: engine, volume: volume, users: users[volume.name] ?? 0)
        }
    }

    /// Networks with the containers attached to them.
    public static func networks(_ client: DockerClient, engine: String, filters: DockerFilters = [:]) async throws -> [NetworkView] {
        async let networks = client.listNetworks(filters: filters)
        async let attachments = client.listNetworkAttachments()
        let byNetwork = Dictionary(grouping: try await attachments, by: \.networkID)
        return try await networks.map { NetworkView(engine: engine, network: $0, attachments: byNetwork[$0.id] ?? []) }
    }

    /// One kind, as live list entries.
    static func items(_ kind: ResourceKind, client: DockerClient, engine: String) async throws -> [ResourceItemView] {
        switch kind {
        case .images: try await images(client, engine: engine).map(ResourceItemView.image)
        case .volumes: try await volumes(client, engine: engine).map(ResourceItemView.volume)
        case .networks: try await networks(client, engine: engine).map(ResourceItemView.network)
        }
    }

    /// How many containers mount each volume.
    public static func volumeUsers(_ containers: [ContainerSummary]) -> [String: Int] {
        var users: [String: Int] = [:]
        for container in containers {
            for mount in container.mounts ?? [] where mount.type == "volume" {
                if let name = mount.name { users[name, default: 0] += 1 }
            }
        }
        return users
    }
}
