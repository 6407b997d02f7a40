import CapstanWire
import DockerEngine
import Hummingbird

extension ProjectView {
    /// The client's view of a compose project read from its containers.
    init(engine: String, project: ComposeProject) {
        let containers = project.containers
        let running = containers.filter { $0.state == "running" }.count
        let status = running == 0 ? "stopped" : (running == containers.count ? "running" : "partial")
        self.init(
            engine: engine, name: project.name, status: status, workingDir: project.workingDir,
            configFiles: project.configFiles, containerCount: containers.count, running: running,
            states: Self.count(containers), services: project.services.map { service in
                ProjectServiceView(
                    name: service.name, containerCount: service.containers.count,
                    running: service.containers.filter { $0.state == "running" }.count, states: Self.count(service.containers),
                    images: Array(Set(service.containers.map(\.image))).sorted()
                )
            },
            containers: containers.map(ProjectContainerView.init)
        )
    }

    private static func count(_ containers: [ComposeContainer]) -> [String: Int] {
        containers.reduce(into: [:]) { $0[$1.state, default: 0] += 1 }
    }
}

extension ProjectContainerView {
    /// The client's view of one container of a project.
    init(_ container: ComposeContainer) {
        self.init(
            id: container.id, name: container.name, service: container.service, number: container.number,
            oneOff: container.oneOff, state: container.state, status: container.status, health: container.health,
            image: container.image
        )
    }
}

extension ProjectView: ResponseGenerator, ResponseEncodable {}
extension ProjectListView: ResponseGenerator, ResponseEncodable {}
extension ProjectActionView: ResponseGenerator, ResponseEncodable {}
