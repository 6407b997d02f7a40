import CapstanWire
import DockerEngine

extension ContainerView {
    /// The client's view of a listed container.
    init(engine: String, summary: ContainerSummary) {
        self.init(
            engine: engine, id: summary.id, name: summary.name, image: summary.image, imageID: summary.imageID,
            command: summary.command, created: summary.created, state: summary.state, status: summary.status,
            health: summary.health,
            ports: summary.uniquePorts.map { PortView(ip: $0.ip, privatePort: $0.privatePort, publicPort: $0.publicPort, type: $0.type) },
            labels: summary.labels ?? [:], composeProject: summary.composeProject, composeService: summary.composeService,
            sizeRw: summary.sizeRw, sizeRootFs: summary.sizeRootFs
        )
    }
}

extension LogLineView {
    /// The client's view of a log line.
    init(_ line: LogLine) {
        self.init(ts: line.timestamp?.rfc3339, stream: line.stream.rawValue, text: line.text)
    }
}

extension ImageView {
    /// The client's view of an image, with usage counted from the container list.
    init(engine: String, summary: ImageSummary, containerCount: Int?) {
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
    init(engine: String, volume: Volume, users: Int?) {
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
    /// The client's view of a network.
    init(engine: String, network: Network) {
        self.init(
            engine: engine, id: network.id, name: network.name, driver: network.driver, scope: network.scope,
            internal: network.internal ?? false, predefined: network.isPredefined,
            containers: (network.containers ?? [:]).keys.sorted(), labels: network.labels ?? [:], created: network.created
        )
    }
}

extension EngineInfoView {
    /// What an engine says about itself.
    init(version: EngineVersion, info: EngineInfo) {
        self.init()
        self.version = version.version
        self.apiVersion = version.apiVersion
        self.hostName = info.name
        self.operatingSystem = info.operatingSystem
        self.kernelVersion = info.kernelVersion ?? version.kernelVersion
        self.architecture = info.architecture ?? version.arch
        self.cpus = info.ncpu
        self.memoryBytes = info.memTotal
        self.containers = info.containers
        self.containersRunning = info.containersRunning
        self.containersPaused = info.containersPaused
        self.containersStopped = info.containersStopped
        self.images = info.images
        self.storageDriver = info.driver
        self.cgroupVersion = info.cgroupVersion
    }
}
