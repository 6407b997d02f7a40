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
