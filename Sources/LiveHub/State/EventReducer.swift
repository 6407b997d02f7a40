import CapstanWire
import DockerEngine

/// What an engine event means for the container list, before the engine is asked for details.
///
/// Applying the event at once keeps the latency of a state change to the time of one event; a
/// list request for the container then fills in the exact status text.
public enum EventReducer {
    /// The outcome of one event.
    public enum Effect: Sendable, Hashable {
        /// Nothing changes (exec noise, non-container events, actions with no visible effect).
        case none
        /// The container now looks like this; ask the engine for details.
        case upsert(ContainerView)
        /// The container is gone.
        case remove(String)
        /// Not known yet and not derivable: ask the engine.
        case refresh(String)
    }

    /// The effect of `event` on `current` (the container as last known, if at all).
    public static func reduce(_ event: DockerEvent, current: ContainerView?, engine: String) -> Effect {
        guard event.type == "container", !event.isExecEvent else { return .none }
        let id = event.actor.id
        let attributes = event.actor.attributes ?? [:]
        if event.action == "destroy" { return .remove(id) }
        var container: ContainerView
        if let current {
            container = current
        } else if event.action == "create" {
            var labels = attributes
            for key in ["name", "image"] { labels.removeValue(forKey: key) }
            container = ContainerView(
                engine: engine, id: id, name: attributes["name"] ?? String(id.prefix(12)), image: attributes["image"] ?? "",
                imageID: nil, command: nil, created: event.time, state: "created", status: "Created", health: nil,
                ports: [], labels: labels, composeProject: labels["com.docker.compose.project"],
                composeService: labels["com.docker.compose.service"], statusAt: event.timeNano / 1_000_000
            )
            return .upsert(container)
        } else {
            return .refresh(id)
        }
        switch event.baseAction {
        case "start", "restart", "unpause":
            container.state = "running"
            container.status = event.baseAction == "unpause" ? container.status.replacingOccurrences(of: " (Paused)", with: "") : "Up Less than a second"
            if event.baseAction != "unpause", current?.health != nil { container.health = "starting" }
        case "die":
            container.state = "exited"
            container.status = "Exited (\(attributes["exitCode"] ?? "0")) Less than a second ago"
            container.health = nil
        case "pause":
            container.state = "paused"
            if !container.status.contains("(Paused)") { container.status += " (Paused)" }
        case "rename":
            if let name = attributes["name"] { container.name = name.hasPrefix("/") ? String(name.dropFirst()) : name }
        case "health_status":
            let value = event.action.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
            container.health = value
        default:
            return .refresh(id)
        }
        // The text written here ("Up Less than a second") is as of the event.
        if container.status != current?.status { container.statusAt = event.timeNano / 1_000_000 }
        return .upsert(container)
    }
}
