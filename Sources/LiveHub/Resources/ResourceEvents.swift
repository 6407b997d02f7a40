import CapstanWire
import DockerEngine

/// Which engine events can change which resource lists: a pure mapping, with the filter that asks the
/// engine for exactly those events.
enum ResourceEvents {
    /// Image, volume, network events, and the container events that change usage and attachments.
    static let filters: DockerFilters = [
        "type": ["image", "volume", "network", "container"],
        // The engine ANDs `type` with `event`: this is the union of the actions wanted for any type.
        "event": ["create", "destroy", "start", "die", "delete", "import", "load", "pull", "tag", "untag", "connect", "disconnect", "remove"],
    ]

    /// The lists an event makes stale.
    static func kinds(for event: DockerEvent) -> Set<ResourceKind> {
        switch event.type {
        case "image": return [.images]
        case "volume": return [.volumes]
        case "network": return [.networks]
        case "container":
            switch event.baseAction {
            // A container holds its image and its volumes from creation to removal, running or not.
            case "create", "destroy": return [.images, .volumes, .networks]
            // Network endpoints exist only while it runs.
            case "start", "die": return [.networks]
            default: return []
            }
        default: return []
        }
    }
}
