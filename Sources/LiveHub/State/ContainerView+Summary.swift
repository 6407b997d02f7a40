import Foundation
import CapstanWire
import DockerEngine

extension ContainerView {
    /// The client's view of a listed container.
    public init(engine: String, summary: ContainerSummary) {
        self.init(
            engine: engine, id: summary.id, name: summary.name, image: summary.image, imageID: summary.imageID,
            command: summary.command, created: summary.created, state: summary.state, status: summary.status,
            health: summary.health,
            ports: summary.uniquePorts.map {
                PortView(ip: $0.ip, privatePort: $0.privatePort, publicPort: $0.publicPort, type: $0.type)
            },
            labels: summary.labels ?? [:], composeProject: summary.composeProject, composeService: summary.composeService,
            sizeRw: summary.sizeRw, sizeRootFs: summary.sizeRootFs, statusAt: Self.now()
        )
    }

    /// Now, in Unix milliseconds (see ``statusAt``).
    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// This view with what only inspect tells: the restart count and the last start time.
    public func with(_ inspect: ContainerInspect) -> ContainerView {
        var view = self
        view.restartCount = inspect.restartCount
        // The engine's zero time means "never started".
        view.startedAt = inspect.state.startedAt.flatMap { $0.hasPrefix("0001-") ? nil : $0 }
        return view
    }

    /// This view keeping `other`'s inspect-only fields where it has none (a list row lacks them).
    public func keepingInspected(from other: ContainerView?) -> ContainerView {
        guard let other else { return self }
        var view = self
        view.restartCount = view.restartCount ?? other.restartCount
        view.startedAt = view.startedAt ?? other.startedAt
        return view
    }

    /// The fields that differ from `other`, in a stable order.
    public func changedFields(from other: ContainerView) -> [String] {
        var fields: [String] = []
        if state != other.state { fields.append("state") }
        if health != other.health { fields.append("health") }
        if status != other.status { fields.append("status") }
        if name != other.name { fields.append("name") }
        if image != other.image || imageID != other.imageID { fields.append("image") }
        if ports != other.ports { fields.append("ports") }
        if labels != other.labels { fields.append("labels") }
        if command != other.command { fields.append("command") }
        if restartCount != other.restartCount { fields.append("restartCount") }
        if startedAt != other.startedAt { fields.append("startedAt") }
        return fields
    }
}
