import CapstanWire
import DockerEngine

// The REST routes and the live lists show engine objects the same way: the mappings live here, once.

extension ImageView {
    /// The client's view of an image, with usage counted from the container list.
    public init(engine: String, summary: ImageSummary, containerCount: Int?) {
        let tags = (summary.repoTags ?? []).filter { $0 != "<none>:<none>" }
        self.init(
            engine: engine, id: summary.id, tags: tags, digests: (summary.repoDigests ?? []).filter { $0 != "<none>@<none>" },
            created: summary.created, size: summary.size, containers: containerCount,
            inUse: containerCount.map { $0 > 0 }, dangling: summary.isDangling, labels: summary.labels ?? [:]
        )
    }
}

extension VolumeView {
    /// The client's view of a volume, with usage counted from the container list.
    public init(engine: String, volume: Volume, users: Int?) {
        self.init(
            engine: engine, name: volume.name, driver: volume.driver, mountpoint: volume.mountpoint,
            createdAt: volume.createdAt, labels: volume.labels ?? [:],
            size: volume.usageData.flatMap { $0.size >= 0 ? $0.size : nil },
            refCount: users ?? volume.usageData.flatMap { $0.refCount >= 0 ? $0.refCount : nil },
            inUse: users.map { $0 > 0 }
        )
    }
}

extension NetworkView {
    /// The client's view of an inspected network, whose attached containers the engine reports.
    public init(engine: String, network: Network) {
        let endpoints = (network.containers ?? [:]).map { id, endpoint in
            NetworkEndpointView(id: id, name: endpoint.name ?? id, ipv4Address: endpoint.ipv4Address.flatMap { $0.isEmpty ? nil : $0 })
        }
        self.init(engine: engine, network: network, endpoints: endpoints)
    }

    /// The client's view of a listed network, with the attachments read from the container list.
    public init(engine: String, network: Network, attachments: [ContainerNetworkAttachment]) {
        let endpoints = attachments.map { NetworkEndpointView(id: $0.containerID, name: $0.containerName, ipv4Address: $0.ipv4Address) }
        self.init(engine: engine, network: network, endpoints: endpoints)
    }

    init(engine: String, network: Network, endpoints: [NetworkEndpointView]) {
        let sorted = endpoints.sorted { $0.name < $1.name }
        self.init(
            engine: engine, id: network.id, name: network.name, driver: network.driver, scope: network.scope,
            internal: network.internal ?? false, predefined: network.isPredefined,
            containers: sorted.map(\.id), labels: network.labels ?? [:], created: network.created, endpoints: sorted
        )
    }
}
